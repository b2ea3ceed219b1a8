"""The WPS door: a JS add-in and the local service it talks to."""
