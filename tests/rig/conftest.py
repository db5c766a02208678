import pytest


@pytest.fixture
def mock_factory():
    mock = pytest.importorskip("gpiozero.pins.mock")
    factory = mock.MockFactory()
    yield factory
    factory.reset()
