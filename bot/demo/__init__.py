"""The demo municipality (`diariebot demo`): a small hand-written registry and the copies that
come home to it, made at run time — independent of bench/, which builds on the product."""

from bot.demo.run import DEMO_PASSWORD, DEMO_USER, prepare, run_demo

__all__ = ["DEMO_PASSWORD", "DEMO_USER", "prepare", "run_demo"]
