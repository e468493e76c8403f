"""The [templates] and [llm] sections of config.toml."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from responder.config_base import StrictModel
from responder.models import Intent


class TemplatesConfig(StrictModel):
    """Where reply templates live and which the owner overrides."""

    dir: Path | None = Field(default=None, examples=["/opt/responder/templates"])
    """The shipped templates (`<lang>/<purpose>.txt.j2`); empty means the project's templates/."""
    override_dir: Path | None = Field(default=None, examples=["/etc/responder/templates"])
    """The owner's own templates, same layout; a file here wins over the shipped one."""
    max_chars: int = Field(default=20_000, ge=500, le=1_000_000)
    """A rendered reply longer than this is refused (a broken or hostile template)."""


class LLMConfig(StrictModel):
    """The optional OpenAI-compatible endpoint that polishes drafts (and may help triage).

    Works with OpenAI, Azure OpenAI (its v1 endpoint as `base_url`, e.g.
    `https://NAME.openai.azure.com/openai/v1/`) and local servers such as Ollama
    (`http://127.0.0.1:11434/v1`) or vLLM. The key comes from the `openai_api_key` secret,
    never from the TOML; a local server may run without one.
    """

    enabled: bool = False
    """Polish drafts with the model; off means every reply is the plain template draft."""
    base_url: str = ""
    """OpenAI-compatible endpoint; empty: api.openai.com."""
    model: str = "gpt-4o-mini"
    timeout_seconds: float = Field(default=8.0, gt=0, le=120)
    """Per request; a slow endpoint must never hold up a reply for long."""
    max_attempts: int = Field(default=2, ge=1, le=5)
    """Tries per draft on timeouts, connection errors, 429 and 5xx (jittered backoff)."""
    daily_token_budget: int = Field(default=200_000, ge=1)
    """Tokens per UTC day for the store, polish and triage together, counted in the database."""
    breaker_failures: int = Field(default=3, ge=1)
    """After this many failed calls in a row the endpoint is left alone for a while ..."""
    breaker_seconds: float = Field(default=300.0, gt=0)
    """... for this many seconds."""
    tone: str = Field(default="friendly, warm and professional", max_length=200)
    """How replies should sound, in the owner's words; given to the model as data."""
    polish_intents: tuple[Intent, ...] = tuple(Intent)
    """Intents whose replies may be polished; default all."""
    triage: bool = False
    """Ask the model about the intent when offline triage is unsure."""
    triage_below: float = Field(default=0.6, ge=0, le=1)
    """Offline confidence under which the model is asked (needs `triage = true`)."""
    min_ratio: float = Field(default=0.5, gt=0)
    """Shortest accepted rewrite, as a multiple of the draft's length."""
    max_ratio: float = Field(default=2.0, gt=0)
    """Longest accepted rewrite, as a multiple of the draft's length."""
    max_input_chars: int = Field(default=4000, ge=200, le=50_000)
    """Customer text beyond this is cut before the model sees it."""
    max_output_tokens: int = Field(default=800, ge=50, le=8000)
    temperature: float = Field(default=0.3, ge=0, le=2)
    polish_prompt: str = Field(default="polish.v1", pattern=r"^[a-z_]+\.v\d+$")
    """Prompt files `prompts/<name>.system.txt` and `.user.txt`; recorded with each draft."""
    triage_prompt: str = Field(default="triage.v1", pattern=r"^[a-z_]+\.v\d+$")
    reading: bool = False
    """Let the model read every email (problem, requests, signals, order ids, language); the
    offline reading is the fallback, and any concession it leads to waits for approval."""
    reading_prompt: str = Field(default="reading.v1", pattern=r"^[a-z_]+\.v\d+$")
    prompts_dir: str = ""
    """Folder of the prompt files; empty: the `prompts/` folder shipped with responder."""

    @model_validator(mode="after")
    def _ratios_in_order(self) -> LLMConfig:
        """min_ratio must be below max_ratio."""
        if self.min_ratio >= self.max_ratio:
            raise ValueError("min_ratio must be smaller than max_ratio")
        return self
