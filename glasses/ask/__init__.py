"""Ask anything: open questions (and look-and-ask) answered by an OpenAI-compatible engine on
the wearer's own network, spoken sentence by sentence as the answer streams. The leaf parts:
the config section, the host policy, the key file, the client, sentence splitting, the prompt
and conversation memory, and the frame encoder. See docs/ask.md."""
