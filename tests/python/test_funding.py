"""The funding ledger and hours given from Python (docs/funding.md):
amounts as written or in minor units, entries, the report with several
currencies, visibility by the community's setting, hours by member and
organisation, bad input refused with nothing changed."""
import decimal

import pytest

import cop


def test_currencies_and_amounts():
    assert cop.currency_exponent("EUR") == 2
    assert cop.currency_exponent("JPY") == 0
    assert cop.currency_exponent("KWD") == 3
    assert cop.currency_exponent("XAU") is None
    assert cop.amount_parse("1250.50", "EUR") == 125050
    assert cop.amount_parse(decimal.Decimal("1.5"), "KWD") == 1500
    assert cop.amount_format(125050, "EUR") == "1250.50"
    assert cop.amount_format(-5, "EUR") == "-0.05"
    assert cop.amount_format(500, "JPY") == "500"
    with pytest.raises(cop.InvalidArgument, match="12.345"):
        cop.amount_parse("12.345", "EUR")
    with pytest.raises(cop.InvalidArgument):
        cop.amount_parse("0", "EUR")
    with pytest.raises(cop.InvalidArgument):
        cop.amount_format(5, "ZZZ")


def test_ledger_and_report(store, world):
    s = store
    with s.acting_as(world.esi):
        g = s.fund_add(world.hub, "grant", "10000", "EUR", date="2024-01-10",
                       counterparty="Foundation", note="Year one")
        s.fund_add("ksghana", cop.FundKind.EXPENSE, 30000, "EUR",
                   date="2024-01-20")
        p = s.fund_add("ksghana", "pledge", "2000", "EUR", date="2024-02-01")
        s.fund_add("ksghana", "expense", "600", "EUR", date="2024-02-15")
        s.fund_add("ksghana", "expense", "900", "EUR", date="2024-03-05")
        s.fund_add("ksghana", "grant", "500000", "JPY", date="2024-03-01")
        s.fund_add("ksghana", "expense", "100000", "JPY", date="2024-03-20")
        s.fund_add("ksghana", "grant", "1.5", "KWD", date="2024-01-01")
    assert g.kind == "grant" and g.kind == cop.FundKind.GRANT
    assert g.amount == 1000000 and g.currency == "EUR"
    assert g.date == "2024-01-10" and g.counterparty == "Foundation"
    assert g.actor_id == world.esi.id and g.received is None
    assert s.fund_entry(g.id) == g
    listed = list(s.fund_entries("ksghana"))
    assert [e.date for e in listed][:2] == ["2024-03-20", "2024-03-05"]
    page = s.fund_entries("ksghana", limit=3)
    assert len(list(page)) == 3
    assert len(list(s.fund_entries("ksghana", after=page.cursor))) == 5

    r = s.fund_report("ksghana", at="2024-04-10")
    assert r["at"] == "2024-04-10" and r["window"] == 3
    assert list(r["currencies"]) == ["EUR", "JPY", "KWD"]
    eur = r["currencies"]["EUR"]
    assert eur["balance"] == 1000000 - 30000 - 60000 - 90000
    assert eur["burn"] == 60000 and eur["burn_months"] == 3
    assert eur["runway"] == pytest.approx(820000 / 60000)
    assert eur["pledged_outstanding"] == 200000
    jpy = r["currencies"]["JPY"]
    assert jpy["burn_months"] == 1 and jpy["runway"] == pytest.approx(4.0)
    assert r["currencies"]["KWD"]["runway"] is None  # zero burn
    # A window starting before the first entry is cut to it.
    assert s.fund_report("ksghana", "2024-04-10", 6)[
        "currencies"]["EUR"]["burn"] == 60000

    s.set_time(1712318400000)  # 2024-04-05
    p.receive()
    assert s.fund_entry(p.id).received == "2024-04-05"
    eur = s.fund_report("ksghana", at="2024-04-10")["currencies"]["EUR"]
    assert eur["balance"] == 1020000 and eur["pledged_outstanding"] == 0
    with pytest.raises(cop.AlreadyExists):
        s.fund_receive(p)
    with pytest.raises(cop.InvalidArgument, match="not a pledge"):
        s.fund_receive(g)


def test_visibility(store, world):
    s = store
    g = s.fund_add("ksghana", "grant", 100, "EUR", date="2024-01-01")
    assert s.fund_visibility("ksghana") == "moderators"
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.fund_report("ksghana")
        with pytest.raises(cop.NotFound):
            s.fund_entry(g.id)
        with pytest.raises(cop.PermissionDenied):
            s.set_fund_visibility("ksghana", "members")
    with s.acting_as(world.esi):
        s.set_fund_visibility("ksghana", cop.FundVisibility.MEMBERS)
    with s.acting_as(world.kofi):
        assert s.fund_report("ksghana", "2024-02-01")[
            "currencies"]["EUR"]["balance"] == 100
        assert [e.id for e in s.fund_entries("ksghana")] == [g.id]
        with pytest.raises(cop.PermissionDenied):
            s.fund_add("ksghana", "income", 5, "EUR")
    with s.acting_as(world.yaw):
        with pytest.raises(cop.PermissionDenied):
            s.fund_report("ksghana")
        with pytest.raises(cop.NotFound):
            s.fund_entry(g.id)


def test_bad_input_changes_nothing(store, world):
    s = store
    s.fund_add("ksghana", "grant", 100, "EUR", date="2024-01-01")
    before = [e.as_dict() for e in s.fund_entries("ksghana")]
    for kind, amount, cur, date in (("grant", 100, "ZZZ", None),
                                    ("grant", 0, "EUR", None),
                                    ("grant", -5, "EUR", None),
                                    ("grant", 10 ** 14, "EUR", None),
                                    ("grant", "12.345", "EUR", None),
                                    ("grant", 100, "EUR", "2024-02-30")):
        with pytest.raises(cop.InvalidArgument):
            s.fund_add("ksghana", kind, amount, cur, date=date)
    with pytest.raises((ValueError, cop.InvalidArgument)):
        s.fund_add("ksghana", "gift", 100, "EUR")
    for hours, month in ((-1, "2024-04"), (745, "2024-04"),
                         (1, "2024-13")):
        with pytest.raises(cop.InvalidArgument):
            s.report_hours("ksghana", hours, member=world.kofi, month=month)
    assert [e.as_dict() for e in s.fund_entries("ksghana")] == before
    assert s.hours("ksghana", "2024-04", by="member") == [
        {"member_id": world.kofi.id, "handle": "kofi", "organisation": None,
         "pledged": 2.0, "given": 0.0, "fulfilment": 0.0}]


def test_hours(store, world):
    s = store
    with s.acting_as(world.kofi):
        s.report_hours("ksghana", 3, month="2024-04", note="Notes")
        with pytest.raises(cop.PermissionDenied):
            s.report_hours("ksghana", 1, member=world.esi, month="2024-04")
    with s.acting_as(world.esi):
        s.report_hours("ksghana", 1.5, member="ama", month="2024-04")
    by_member = s.hours("ksghana", "2024-04", by="member")
    assert [(r["handle"], r["pledged"], r["given"], r["fulfilment"])
            for r in by_member] == [("ama", 0.0, 1.5, None),
                                    ("kofi", 2.0, 3.0, 1.5)]
    by_org = s.hours("ksghana", "2024-04", by=cop.HoursBy.ORGANISATION)
    assert [(r["organisation"], r["given"]) for r in by_org] == [
        ("", 3.0), ("MoFA", 1.5)]
    total = s.hours("ksghana", "2024-03", "2024-04")
    assert total[0]["pledged"] == 4.0 and total[0]["given"] == 4.5
    with s.acting_as(world.yaw):
        with pytest.raises(cop.PermissionDenied):
            s.hours("ksghana", "2024-04")
