"""The touch-screen kiosk UI (政务自助一体机): HTML pages with htmx, served at `/`."""
