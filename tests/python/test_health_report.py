"""The health report (docs/health.md) from Python: store.health_report()
returns the document as a dict; who may read it; bad dates."""
import pytest

import cop


def test_health_report(world):
    s, w = world.store, world
    # The world: kofi's question, esi's answer at the same instant.
    with s.acting_as(w.esi):
        r = s.health_report(w.hub)
        assert r["format"] == 1
        assert r["community"]["slug"] == "ksghana"
        assert r["from"] == r["to"] == "2023-11-14"
        assert r["contributions"] == 2 and r["questions"] == 1
        assert r["active_members"] == 2 and r["new_contributors"] == 2
        t = r["time_to_first_response_hours"]
        assert (t["median"], t["p90"]) == (0.0, 0.0)
        assert (t["responded"], t["unresponded"]) == (1, 0)
        assert t["histogram"][0] == {"label": "under 1 h", "max_hours": 1,
                                     "count": 1}
        assert r["answered_share"] == 1.0 and r["accepted_share"] == 0.0
        assert r["absence_factor"] == 1
        assert r["participation"]["top1_share"] == 0.5
        assert r["stage"]["name"] == "potential"
        assert r["activity"]["unit"] == "week"
        assert r["activity"]["series"] == [
            {"start": "2023-11-14", "contributions": 2, "active_members": 2,
             "new_contributors": 2}]
        # A later period: nothing happened in it.
        r = s.health_report("ksghana", from_="2024-01-01", to="2024-01-31")
        assert r["contributions"] == 0 and r["answered_share"] is None
        assert r["participation"]["inactive"] == 2
    with s.acting_as(w.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.health_report(w.hub)
    with pytest.raises(cop.InvalidArgument):
        s.health_report(w.hub, from_="2024-02-30")
    with pytest.raises(cop.InvalidArgument):
        s.health_report(w.hub, from_="2024-02-02", to="2024-02-01")
