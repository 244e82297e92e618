"""Kiosk menus (自助终端菜单): what each kiosk's home screen offers, configured by hall staff.

- `model`: the tile document, menus, drafts, versions, releases, assignments.
- `rules`: pure checks of a document (shape for a draft; everything for publishing).
- `inputs`: pure checks of a menu's id and name, a release's note and time, an assignment's target.
- `store`: all menu SQL; every change audited with its difference.
- `resolve`: which version a kiosk shows (kiosk → group → default) and `MenuCache`.
- `demo`: the demo hall's menus.
"""
