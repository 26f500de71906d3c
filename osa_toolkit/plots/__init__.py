"""Figure builders: data in, optional ``ax`` in, Axes out."""
