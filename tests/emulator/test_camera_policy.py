from glasses.runtime.camera import CameraPolicy
from glasses.events import Camera, Say, CameraSwitched
from cardfix import typed_card


def test_the_camera_captures_only_during_a_look():
    p = CameraPolicy()
    assert not p.capturing
    p = p.apply(Camera(100, True, "look"))
    assert p.capturing
    p = p.apply(Camera(1600, False, "look"))
    assert not p.capturing


def test_continuous_captures_until_switched_off_and_again_when_on():
    p = CameraPolicy(continuous=True)
    assert p.capturing
    assert p.toggle_command() == "camera off"
    p = p.apply(CameraSwitched(10, False))  # "camera off": the look skill announces the switch
    assert not p.capturing and not p.enabled
    assert p.toggle_command() == "camera on"
    p = p.apply(Camera(20, True, "look"))  # nothing should open it while switched off
    assert not p.capturing
    p = p.apply(CameraSwitched(30, True))
    assert p.capturing


def test_cards_do_not_touch_the_switch():
    p = CameraPolicy(continuous=True)
    p = p.apply(Say(10, "The camera is off.", card=typed_card("camera", on=False)))  # only CameraSwitched does
    p = p.apply(Say(10, "It's 8:30."))
    assert p.enabled and p.capturing
