"""The endpointing state machine, tested with plain numbers (it never reads a clock)."""

from glasses.vad import EndpointEvent, Endpointer


def feed(ep: Endpointer, pattern: list[tuple[bool, int]], step: int = 10):
    """pattern: (is_speech, duration_ms) runs, fed in ``step`` slices; returns (t_ms, event) list."""
    out, t = [], 0
    for speech, duration in pattern:
        assert duration % step == 0
        for _ in range(duration // step):
            t += step
            ev = ep.update(speech, step)
            if ev is not None:
                out.append((t, ev))
                if ev is not EndpointEvent.SPEECH_START:
                    return out  # the assistant stops listening here
    return out


def test_command_ends_after_the_configured_trailing_silence():
    ep = Endpointer(timeout_ms=8000, silence_ms=300, min_speech_ms=150)
    events = feed(ep, [(False, 600), (True, 1200), (False, 1000)])
    assert events[0] == (600 + 150, EndpointEvent.SPEECH_START)
    assert events[1] == (600 + 1200 + 300, EndpointEvent.END)


def test_short_pause_inside_a_command_does_not_end_it():
    ep = Endpointer(silence_ms=300)
    events = feed(ep, [(True, 600), (False, 240), (True, 600), (False, 420)])
    assert [e for _, e in events] == [EndpointEvent.SPEECH_START, EndpointEvent.END]
    assert events[-1][0] == 600 + 240 + 600 + 300


def test_a_click_shorter_than_min_speech_is_ignored_and_timeout_still_fires():
    ep = Endpointer(timeout_ms=2000, silence_ms=300, min_speech_ms=150)
    events = feed(ep, [(False, 510), (True, 90), (False, 3000)])
    assert events == [(2000 + 90, EndpointEvent.TIMEOUT)]  # the blip does not count as waiting


def test_silence_after_wake_times_out():
    ep = Endpointer(timeout_ms=8000)
    assert feed(ep, [(False, 9000)]) == [(8000, EndpointEvent.TIMEOUT)]


def test_endless_talk_is_cut_at_max_length():
    ep = Endpointer(silence_ms=300, max_ms=3000)
    events = feed(ep, [(True, 5000)])
    assert events[-1] == (3000, EndpointEvent.MAX_LENGTH)


def test_reset_starts_a_new_command():
    ep = Endpointer(silence_ms=300)
    assert feed(ep, [(True, 600), (False, 300)])[-1][1] is EndpointEvent.END
    ep.reset()
    events = feed(ep, [(True, 300), (False, 300)])
    assert [e for _, e in events] == [EndpointEvent.SPEECH_START, EndpointEvent.END]
