"""The health scorecard's thresholds, the report's pages and the
comparison (docs/health-scorecard.md), on the hand-written report of
tests/data/health/report.json."""
import json
import os

import pytest

import cop

REPORT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                      "data", "health", "report.json")


def report_text():
    with open(REPORT, encoding="utf-8") as f:
        return f.read()


def test_thresholds(world):
    s = world.store
    assert "answered_share" in cop.health_indicators()
    assert cop.health_indicators()[0] == "active_members"
    assert len(cop.health_indicators()) == 17
    with s.acting_as(world.kofi):
        assert s.health_threshold(world.hub, "answered_share") == (0.8, 0.5)
        with pytest.raises(cop.PermissionDenied):
            s.set_health_threshold(world.hub, "answered_share", 0.7, 0.4)
    with s.acting_as(world.esi):
        with pytest.raises(cop.InvalidArgument, match="unknown indicator"):
            s.set_health_threshold(world.hub, "languages", 1, 0)
        with pytest.raises(cop.InvalidArgument, match="may not be above"):
            s.set_health_threshold(world.hub, "answered_share", 0.4, 0.7)
        with pytest.raises(ValueError):
            s.set_health_threshold(world.hub, "answered_share", 2, 0.5)
        assert s.health_threshold(world.hub, "answered_share") == (0.8, 0.5)
        s.set_health_threshold(world.hub, "answered_share", 0.7, 0.4)
        s.set_health_threshold(
            world.hub, "time_to_first_response_hours.median", 12, 48)
    with s.acting_as(world.kofi):
        assert s.health_threshold(world.hub, "answered_share") == (0.7, 0.4)
    assert [e.op for e in s.log()][-2:] == ["community.health"] * 2
    s.reset_health_threshold(world.hub, "answered_share")
    assert s.health_threshold(world.hub, "answered_share") == (0.8, 0.5)
    assert s.health_threshold(
        world.hub, "time_to_first_response_hours.median") == (12, 48)
    s.reset_health_threshold(world.hub)
    assert s.health_threshold(
        world.hub, "time_to_first_response_hours.median") == (24, 72)


def test_render_text():
    text = cop.health_render(report_text())
    assert text.startswith("Health of Brewers <script>")
    assert "  Answered share                  90 %\n" in text
    assert "  Newcomer retention              no data\n" in text
    assert "  [poor] Members supporting others: " \
        "absence_factor_organisations 1\n" in text
    # A dict is rendered as its JSON.
    assert cop.health_render(json.loads(report_text()), "text") == text


def test_render_html():
    page = cop.health_render(report_text(), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "Brewers &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; " \
        "&amp; &#39;Co&#39;" in page
    assert page.count('<svg class="chart"') == 4
    assert page.count('<g class="score status-') == 5


def test_render_refused():
    with pytest.raises(cop.InvalidArgument, match="not JSON"):
        cop.health_render("{", "text")
    with pytest.raises(cop.InvalidArgument, match="not a JSON object"):
        cop.health_render("[]", "text")
    with pytest.raises(cop.InvalidArgument, match='unknown report format "pdf"'):
        cop.health_render("{}", "pdf")


def test_compare(world):
    # Every community the system sees, each scored from its own report.
    s = world.store
    r = s.health_compare()
    assert r["communities"] == len(list(s.communities()))
    assert r["measure"] == ["active_members_per_month", "answered_share"]
    assert len(r["factors"]) > 0
    # A plain member may read no community's report: none compared.
    with s.acting_as(world.kofi):
        assert s.health_compare()["communities"] == 0
