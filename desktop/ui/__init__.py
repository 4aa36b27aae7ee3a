"""The window's widgets: map, panels, table, legend, search, dialogs."""
