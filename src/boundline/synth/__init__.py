"""A synthetic police force with planted cases of abuse of position, and look-alikes.

``generate(SynthConfig(...), out_dir)`` writes a source folder in the format of the
data contract (CSV at demo scale, Parquet at force scale) and ``scenarios.json``,
which lists every planted case and legitimate look-alike with its key figures and
every deliberately faulty row, counted per table and rule. See ``docs/synth.md``.
"""

from boundline.synth._config import SynthConfig, SynthResult
from boundline.synth._generate import generate

__all__ = ["SynthConfig", "SynthResult", "generate"]
