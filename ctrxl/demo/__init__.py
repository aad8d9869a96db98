"""The demo room: ``run`` drives the whole cycle on a bundled example (``ctrxl demo``);
``simulate`` plays the agencies filling in and returning their workbooks."""
