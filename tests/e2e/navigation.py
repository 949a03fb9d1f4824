"""Using the navigation bar on a phone, where it is folded behind the menu button."""
from __future__ import annotations

from playwright.sync_api import expect


def open_menu_and_click(page, selector: str) -> None:
    """Open the menu, wait until it has finished unfolding (Bootstrap's collapse moves the
    items while ``.collapsing``; a click then can miss), then click ``selector``."""
    page.click(".navbar-toggler")
    expect(page.locator("#mainnav.collapse.show")).to_be_visible()
    page.click(selector)
