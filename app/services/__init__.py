"""Domain rules that span entities. Services flush; the view or CLI command commits once."""
