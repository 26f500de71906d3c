"""The app's look, as one stylesheet: labels above full-width inputs, nothing cut short at 1366x768.

ipywidgets puts a control's label on its left in a fixed width (so long labels are cut, and boxes
are narrow: the UK users box was 18 px wide, dropdowns showed "Don't kı"). Inside ``.osa-app``,
labels go above their control, which takes the width of the form (up to a readable measure).
Sliders (the weightings lab) keep their label on the left.
"""

from __future__ import annotations

import ipywidgets as w

FIELDS = (
    ".widget-text, .widget-textarea, .widget-dropdown, .widget-datepicker, .widget-select-multiple"
)

CSS = f"""
.osa-app :is({FIELDS}) {{
  flex-direction: column; align-items: stretch; width: 100% !important;
  max-width: 46em; height: auto; margin-bottom: 6px;
}}
.osa-app :is({FIELDS}) > .widget-label {{
  width: auto !important; max-width: none; text-align: left; white-space: normal;
  overflow: visible; line-height: 1.35; height: auto; padding: 0 0 2px 0; font-weight: 600;
}}
.osa-app :is({FIELDS}) > :is(input, select, textarea, .widget-label-basic) {{
  width: 100%; max-width: 100%; box-sizing: border-box; flex: 0 0 auto;
}}
.osa-app .widget-datepicker > input {{ max-width: 14em; }}
.osa-app :is(.widget-text, .widget-dropdown, .widget-datepicker) > :is(input, select) {{
  height: auto; min-height: 30px; padding: 3px 6px;
}}
.osa-app .widget-vbox > .widget-button {{ align-self: flex-start; }}
.osa-app .widget-hbox > .widget-button {{ align-self: flex-end; }}
.osa-app .widget-checkbox {{ width: 100% !important; max-width: 46em; height: auto; }}
.osa-app .widget-checkbox label, .osa-app .widget-checkbox .widget-label-basic,
.osa-app .widget-checkbox span {{
  white-space: normal; overflow: visible; width: auto; max-width: none; height: auto;
  line-height: 1.35;
}}
.osa-app .widget-checkbox label {{ display: flex; gap: 6px; align-items: flex-start; }}
.osa-app .osa-measure-row > * {{ min-width: 0; }}
.osa-app .osa-measure-row .widget-dropdown {{
  max-width: none; margin: 0; box-sizing: border-box;
}}
.osa-app .osa-ev-table > * {{ min-width: 0; }}
.osa-app .osa-ev-table .widget-text {{ margin: 0; box-sizing: border-box; }}
.osa-app .widget-button, .osa-app .widget-toggle-button {{
  height: auto; min-height: var(--jp-widgets-inline-height); white-space: normal;
}}
.osa-app .osa-weight.widget-inline-hbox {{ flex-wrap: wrap; height: auto; }}
.osa-app .osa-weight > .widget-label {{
  width: 100% !important; max-width: none; white-space: normal; text-align: left; height: auto;
}}
.osa-app .osa-weight > .slider-container {{ flex: 1 1 auto; }}
.osa-app table {{ border-collapse: collapse; }}
.osa-app table td, .osa-app table th {{ text-align: left; vertical-align: top; padding: 3px 8px; }}
.osa-app .osa-due th {{ border-bottom: 1px solid #999; }}
.osa-app :focus-visible {{ outline: 2px solid #1565c0; outline-offset: 1px; }}
"""


def style() -> w.HTML:
    """The stylesheet as a widget to put once in the app (it applies to ``.osa-app`` only)."""
    box = w.HTML(f"<style>{CSS}</style>", layout=w.Layout(display="none"))
    box.add_class("osa-style")
    return box
