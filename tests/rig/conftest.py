import pytest


@pytest.fixture
def mock_factory():
    import gpiozero.pins.mock as mock  # in the test extra

    factory = mock.MockFactory()
    yield factory
    factory.reset()
