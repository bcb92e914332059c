"""How busy the machine is: read before each measured page, so a table says when its
figures mean little. Linux only (/proc); no Django."""

import os
import time

# Another process using more than this share of the CPU, or the hypervisor taking
# more than this in steal, makes single-request timings meaningless.
BUSY_SHARE = 0.15
STEAL_SHARE = 0.05


def _cpu_times() -> list[int]:
    with open("/proc/stat") as stat:
        return [int(n) for n in stat.readline().split()[1:]]


def state(seconds: float = 0.5) -> dict:
    """Load average, and the share of CPU others used and steal took over `seconds`."""
    before = _cpu_times()
    time.sleep(seconds)
    after = _cpu_times()
    delta = [b - a for a, b in zip(before, after, strict=True)]
    total = sum(delta) or 1
    idle = delta[3] + delta[4]  # idle and iowait
    steal = delta[7] if len(delta) > 7 else 0
    return {
        "load_1min": round(os.getloadavg()[0], 2),
        "busy_share": round((total - idle) / total, 3),
        "steal_share": round(steal / total, 3),
    }


def is_busy(reading: dict) -> bool:
    return reading["busy_share"] > BUSY_SHARE or reading["steal_share"] > STEAL_SHARE


def warning(busy_pages: list[str]) -> list[str]:
    """Markdown lines warning that the figures of `busy_pages` mean little."""
    if not busy_pages:
        return []
    return [
        "",
        f"**Warning: the machine was busy before {', '.join(busy_pages)}** (other "
        f"processes above {BUSY_SHARE:.0%} of the CPU, or steal above "
        f"{STEAL_SHARE:.0%}): those figures do not mean much; run again when it is "
        "quiet.",
    ]
