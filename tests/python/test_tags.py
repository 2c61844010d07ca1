"""Tags (docs/tags.md): uses kept as threads are created and hidden and
counted as the reader sees them, listings by name and by uses, describing,
renaming and merging by facilitators, synonyms on new threads."""
import pytest

import cop


def test_tags_counts_and_listing(world):
    s = world.store
    with s.acting_as(world.kofi):
        t = world.hub.create_thread("Which notebook?", "Paper or app?",
                                    tags=["notes", "tools"])
    assert s.tag(world.hub, "notes").uses == 2
    assert s.tag(world.hub, "NOTES").name == "notes"
    with pytest.raises(cop.NotFound):
        s.tag(world.hub, "nothing")
    names = [(x.name, x.uses) for x in s.tags(world.hub)]
    assert names == [("notes", 2), ("tools", 1), ("workshops", 1)]
    by_uses = [x.name for x in s.tags(world.hub, by="uses", limit=1)]
    assert by_uses == ["notes"]
    with s.acting_as(world.esi):
        t.set_flag("hidden")
        assert s.tag(world.hub, "tools").uses == 1
    with s.acting_as(world.kofi):
        assert s.tag(world.hub, "tools").uses == 0
        assert s.tag_counts(world.hub) == (2, 0)
    assert isinstance(s.tag(world.hub, "tools"), cop.Tag)


def test_describe_rename_merge(world):
    s = world.store
    with s.acting_as(world.kofi):
        with pytest.raises(cop.PermissionDenied):
            s.describe_tag(world.hub, "notes", "Written down.")
    with s.acting_as(world.esi):
        t = s.describe_tag(world.hub, "notes", "Written down.", "Long text.")
        assert (t.excerpt, t.wiki, t.synonym_of) == ("Written down.",
                                                     "Long text.", None)
        t = s.rename_tag(world.hub, "notes", "note")
        assert (t.name, t.uses, t.excerpt) == ("note", 1, "Written down.")
        assert s.thread(world.question).tags == ("note", "workshops")
        t = s.merge_tag(world.hub, "workshops", "note")
        assert t.uses == 1
        assert s.tag(world.hub, "workshops").synonym_of == "note"
        with pytest.raises(cop.AlreadyExists):
            s.rename_tag(world.hub, "note", "workshops")
    with s.acting_as(world.kofi):
        th = world.hub.create_thread("A workshop", "When?",
                                     tags=["workshops"])
        assert th.tags == ("note",)
    assert s.tag_counts(world.hub) == (1, 1)


def test_private_tags_unseen(world):
    s = world.store
    with s.acting_as(world.ama):
        world.secret.create_thread("Plans", "Secret.", tags=["plans"])
    with s.acting_as(world.kofi):
        with pytest.raises(cop.NotFound):
            s.tag(world.secret, "plans")
        with pytest.raises(cop.NotFound):
            list(s.tags(world.secret))
