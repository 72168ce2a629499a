"""The read side: queries that answer users' questions, as typed frozen rows."""
