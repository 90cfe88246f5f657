"""Extraction quality on the shared samples: floors at what was measured, minus a margin."""

from __future__ import annotations

import pytest

from nlp.evaluate import evaluate, format_report


@pytest.fixture(scope="module")
def report(nlp, samples):
    return evaluate([samples], baseline=False)


def test_entity_scores(report):
    ents = report["entities"]
    assert ents["micro"]["f1"] >= 0.94
    for kind in ("VEHICLE", "PHONE", "ONLINE_HANDLE"):
        assert ents[kind]["f1"] >= 0.97
    assert ents["LOCATION"]["f1"] >= 0.93
    assert ents["PERSON"]["f1"] >= 0.92


def test_role_and_indicator_scores(report):
    assert report["roles"]["accuracy"] >= 0.85
    assert report["indicators"]["f1"] >= 0.84
    assert report["relations"]["f1"] >= 0.6


def test_format_report(report):
    table = format_report(report)
    assert "micro" in table and "indicators" in table


def test_rules_only_still_scores(samples):
    rep = evaluate([samples], model="none", baseline=False)
    assert rep["entities"]["micro"]["f1"] >= 0.85
    for kind in ("VEHICLE", "PHONE", "ONLINE_HANDLE"):
        assert rep["entities"][kind]["f1"] >= 0.97
