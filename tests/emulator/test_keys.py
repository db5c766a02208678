from glasses.emulator.keys import KeyReader, action_for

SPACE = ord(" ")


def test_keys_map_to_actions_in_both_cases():
    assert action_for(ord("l")) == action_for(ord("L")) == "look"
    assert action_for(ord("c")) == "camera"
    assert action_for(ord("R")) == "record"
    assert action_for(27) == action_for(ord("q")) == "quit"
    assert action_for(SPACE) == "talk"
    assert action_for(ord("x")) is None
    assert action_for(-1) is None
    assert action_for(0x100000 | ord("q")) == "quit"  # waitKeyEx-style modifier bits


def test_a_tap_is_one_press_and_no_release():
    keys = KeyReader()
    assert keys.down(SPACE, 1000) == ["talk"]
    assert keys.tick(1100) == []
    assert keys.tick(3000) == []  # no repeats: the endpointer ends the command
    assert keys.down(SPACE, 5000) == ["talk"]  # a later tap is a new press


def test_holding_space_talks_until_the_repeats_stop():
    keys = KeyReader()
    assert keys.down(SPACE, 0) == ["talk"]
    out = []
    for t in range(660, 3000, 40):  # X autorepeat: after ~0.66 s, every 40 ms
        out += keys.down(SPACE, t)
        out += keys.tick(t + 5)
    assert out == []
    assert keys.tick(3000) == []
    assert keys.tick(3300) == ["talk_release"]
    assert keys.tick(4000) == []
    assert keys.down(SPACE, 5000) == ["talk"]


def test_repeats_of_other_keys_are_ignored():
    keys = KeyReader()
    assert keys.down(ord("l"), 0) == ["look"]
    assert keys.down(ord("l"), 700) == []
    assert keys.down(ord("l"), 740) == []
    assert keys.tick(1200) == []  # no release action for L
    assert keys.down(ord("l"), 2500) == ["look"]
    assert keys.down(ord("c"), 2510) == ["camera"]  # keys are independent
