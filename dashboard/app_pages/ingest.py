"""Ingest: upload notes, forms, episode and placement exports, and see what was rejected.

Files are checked here before anything is written: the extension must be one a reader
handles and the size within the store's limit (``RHIGRAPH_MAX_BYTES``); names are reduced to
a plain file name (a document's id is its file name, so re-uploading a file is recognised and
skipped). The files are then written to a private temporary folder and ingested by the same
pipeline as ``rhigraph ingest`` (through :meth:`rhigraph.governance.Service.ingest`, which checks
the role and audits the run by its counts), which reads each by
its content, not its name, and records every file, row or field it rejects with the reason.
The folder is deleted afterwards: the store keeps what was read.
"""

from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.components import layout, uploads
from rhigraph.settings import Settings

st.title("Ingest")
path = data.db_path()
if not data.policy().ingest:
    st.info("Your role does not add records.")
    st.stop()
limit = Settings.resolve(path).max_bytes
st.caption(f"RHI notes, information-sharing forms, episode and placement exports: "
           f"{', '.join(uploads.EXTENSIONS)}; at most {limit / 1_000_000:g} MB a file. A file "
           "already ingested with the same content is skipped.")

files = st.file_uploader("Files", type=[e.lstrip(".") for e in uploads.EXTENSIONS],
                         accept_multiple_files=True, key="ingest_files",
                         max_upload_size=max(1, math.ceil(limit / 1_000_000)))
checked = uploads.check([(f.name, f.size) for f in files or []], max_bytes=limit)
refused = [c for c in checked if c.problem]
if refused:
    st.warning(f"{len(refused)} not accepted:")
    st.dataframe(pd.DataFrame([{"File": c.name, "Why": c.problem} for c in refused]),
                 hide_index=True, key="ingest_refused")
accepted = [(c, f) for c, f in zip(checked, files or [], strict=True) if not c.problem]
resolve_after = st.checkbox("Run entity resolution afterwards", value=True,
                            key="ingest_resolve",
                            help="So the new records' people and places join those known "
                                 "(as `rhigraph ingest` does).")

if accepted and st.button(f"Ingest {len(accepted)} {'file' if len(accepted) == 1 else 'files'}",
                          type="primary"):
    svc = data.service(path)
    progress = st.progress(0.0, text="Ingesting…")
    done = []
    with tempfile.TemporaryDirectory(prefix="rhigraph-upload-") as folder:
        for check, upload in accepted:
            (Path(folder) / check.safe_name).write_bytes(upload.getvalue())

        def advance(file: Path) -> None:
            done.append(file.name)
            progress.progress(len(done) / len(accepted), text=(
                f"Ingested {file.name}" if len(done) < len(accepted) or not resolve_after
                else "Resolving entities…"))

        with layout.governed():
            # One process: the Streamlit server runs threads, which forked extraction
            # workers must not inherit, and a browser upload is a handful of files.
            summary = svc.ingest([Path(folder)], max_bytes=limit, progress=advance,
                                 resolve_entities=resolve_after, processes=1)
    progress.progress(1.0, text="Done")
    data.clear()
    layout.metrics([(k.replace("_", " ").capitalize(), v)
                    for k, v in summary.as_dict().items()])
    if summary.rejections:
        st.subheader("Rejected in this upload")
        st.dataframe(uploads.rejection_frame(summary.rejections), hide_index=True,
                     key="ingest_rejections_now")

st.subheader("Every rejection in the store")
st.dataframe(uploads.rejection_frame(data.service(path).rejections()), hide_index=True,
             key="ingest_rejections")
