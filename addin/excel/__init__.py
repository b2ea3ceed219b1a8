"""The Excel door: ribbon, VBA sources, .xlam build and xlwings handlers."""
