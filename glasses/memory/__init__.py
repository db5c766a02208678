"""Memory: notes the wearer asks the assistant to keep, found again by a question in other words."""
