"""The read side: queries over the stored claims and quotes, and their rendering to rows."""
