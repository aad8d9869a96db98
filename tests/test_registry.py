import datetime as dt
import unicodedata

from ctrxl.definition.registry import Resolver, reporting_agencies
from ctrxl.model import Agency, Assignment, Group, Registry, Role, Succession, SuccessionKind, Task

D2025 = dt.date(2025, 12, 15)
D2022 = dt.date(2022, 12, 15)


def registry() -> Registry:
    return Registry(
        groups=[
            Group("BAN-DANG", "Các cơ quan tham mưu, giúp việc Thành ủy", aliases=["Các cơ quan Đảng thuộc Thành ủy"]),
            Group("DU-XA-PHUONG", "Các đảng ủy phường, xã"),
            Group("QU-HU", "Các quận ủy, huyện ủy"),
            Group("TAT-CA", "Tất cả", include=["BAN-DANG", "DU-XA-PHUONG", "QU-HU"]),
            Group("LIEN-QUAN", "Các cơ quan liên quan", collective=True),
        ],
        agencies=[
            Agency("BTCTU", "Ban Tổ chức Thành ủy", short="Ban Tổ chức", aliases=["BTC Thành uỷ"], groups=["BAN-DANG"]),
            Agency("BTGTU", "Ban Tuyên giáo Thành ủy", groups=["BAN-DANG"], active_to=dt.date(2025, 2, 28),
                   successors=[Succession(SuccessionKind.MERGED_INTO, ["BTGDVTU"], dt.date(2025, 3, 1))]),
            Agency("BDVTU", "Ban Dân vận Thành ủy", groups=["BAN-DANG"], active_to=dt.date(2025, 2, 28),
                   successors=[Succession(SuccessionKind.MERGED_INTO, ["BTGDVTU"], dt.date(2025, 3, 1))]),
            Agency("BTGDVTU", "Ban Tuyên giáo và Dân vận Thành ủy", groups=["BAN-DANG"], active_from=dt.date(2025, 3, 1)),
            Agency("QU-HC", "Quận ủy Hải Châu", groups=["QU-HU"], active_to=dt.date(2025, 6, 30),
                   successors=[Succession(SuccessionKind.SPLIT_INTO, ["DU-P-HC", "DU-P-HCU"], dt.date(2025, 7, 1))]),
            Agency("HU-HV", "Huyện ủy Hòa Vang", groups=["QU-HU"], active_to=dt.date(2025, 6, 30),
                   successors=[Succession(SuccessionKind.SPLIT_INTO, ["DU-X-HV"], dt.date(2025, 7, 1))]),
            Agency("DU-P-HC", "Đảng ủy phường Hải Châu", groups=["DU-XA-PHUONG"], active_from=dt.date(2025, 7, 1)),
            Agency("DU-P-HCU", "Đảng ủy phường Hòa Cường", groups=["DU-XA-PHUONG"], active_from=dt.date(2025, 7, 1)),
            Agency("DU-X-HV", "Đảng ủy xã Hòa Vang", groups=["DU-XA-PHUONG"], active_from=dt.date(2025, 7, 1)),
            # renamed twice: A -> B -> C
            Agency("A", "Đảng đoàn A", active_to=dt.date(2024, 12, 31),
                   successors=[Succession(SuccessionKind.RENAMED_TO, ["B"], dt.date(2025, 1, 1))]),
            Agency("B", "Ban cán sự B", active_from=dt.date(2025, 1, 1), active_to=dt.date(2025, 5, 31),
                   successors=[Succession(SuccessionKind.RENAMED_TO, ["C"], dt.date(2025, 6, 1))]),
            Agency("C", "Đảng ủy C", active_from=dt.date(2025, 6, 1)),
        ],
    )


def test_resolve_name_tone_case_nfd_alias():
    r = Resolver(registry())
    for name in ["Ban Tổ chức Thành uỷ", "BAN TỔ CHỨC THÀNH ỦY", unicodedata.normalize("NFD", "ban tổ chức thành ủy"),
                 "BTC Thành ủy", "Ban Tổ chức", "BTCTU"]:
        assert [m.code for m in r.resolve_name(name)] == ["BTCTU"], name
    assert [m.code for m in r.resolve_name("Đảng ủy xã Hoà Vang")] == ["DU-X-HV"]
    assert r.resolve_name("Ban Tổ chức Tỉnh ủy") == []
    assert [(m.code, m.kind) for m in r.resolve_name("các cơ quan đảng thuộc thành uỷ")] == [("BAN-DANG", "group")]


def test_candidates_for_unmatched_name():
    r = Resolver(registry())
    codes = [m.code for m in r.candidates("Ban Tổ chức Thành phố")]
    assert "BTCTU" in codes


def test_expand_groups_include_and_collective():
    r = Resolver(registry())
    assert r.expand("BAN-DANG") == ["BDVTU", "BTCTU", "BTGDVTU", "BTGTU"]
    assert set(r.expand("TAT-CA")) == {"BDVTU", "BTCTU", "BTGDVTU", "BTGTU", "DU-P-HC", "DU-P-HCU", "DU-X-HV", "QU-HC", "HU-HV"}
    assert r.expand("LIEN-QUAN") == []
    assert r.expand("BTCTU") == ["BTCTU"]
    assert r.expand("NO-SUCH") == []


def test_route_merged_split_renamed_twice():
    r = Resolver(registry())
    assert r.route("BTGTU", D2025) == ["BTGDVTU"]
    assert r.route("BTGTU", D2022) == ["BTGTU"]
    assert r.route("QU-HC", D2025) == ["DU-P-HC", "DU-P-HCU"]
    assert r.route("QU-HC", dt.date(2025, 6, 30)) == ["QU-HC"]
    assert r.route("A", D2025) == ["C"]
    assert r.route("A", dt.date(2025, 3, 1)) == ["B"]


def test_assignees_expand_route_dedupe():
    r = Resolver(registry())
    # Both boards merged into one: it appears once.
    got = r.assignees(["BAN-DANG"], D2025)
    assert sorted(got) == ["BTCTU", "BTGDVTU"] and len(got) == 2
    assert set(r.assignees(["QU-HU", "DU-XA-PHUONG"], D2025)) == {"DU-P-HC", "DU-P-HCU", "DU-X-HV"}


def test_task_roles_strongest_role_wins():
    r = Resolver(registry())
    task = Task("III.4.(1)", "III.4", "x", [Assignment("BTGTU", Role.LEAD), Assignment("BDVTU", Role.COORDINATE),
                                           Assignment("BTCTU", Role.COORDINATE), Assignment("LIEN-QUAN", Role.COORDINATE)])
    roles = r.task_roles(task, D2025)
    assert roles[Role.LEAD] == ["BTGDVTU"]
    assert roles[Role.COORDINATE] == ["BTCTU"]  # the merged board is lead already
    assert r.collective_names(task) == ["Các cơ quan liên quan"]


def test_reporting_agencies_vietnamese_order():
    from ctrxl.model import Programme

    r = Resolver(registry())
    prog = Programme("X", "x", tasks=[Task("t", None, "x", [Assignment("TAT-CA", Role.EXECUTE)])])
    codes = reporting_agencies(prog, r, D2025)
    names = [r.agencies[c].name for c in codes]
    assert names == ["Ban Tổ chức Thành ủy", "Ban Tuyên giáo và Dân vận Thành ủy", "Đảng ủy phường Hải Châu",
                     "Đảng ủy phường Hòa Cường", "Đảng ủy xã Hòa Vang"]
