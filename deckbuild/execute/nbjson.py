"""Outputs to and from nbformat's JSON shape: what kernels send and what the cache stores."""

from __future__ import annotations

from typing import Any

from deckbuild.model import Output


def output_from_json(data: dict[str, Any]) -> Output:
    """An nbformat output (from a kernel, a gateway or a cache file) as a model `Output`."""
    kind = data["output_type"]
    if kind == "stream":
        return Output("stream", name=data.get("name", "stdout"), text=_joined(data.get("text", "")))
    if kind == "error":
        return Output(
            "error",
            ename=data.get("ename", ""),
            evalue=data.get("evalue", ""),
            traceback=list(data.get("traceback", [])),
        )
    if kind not in ("display_data", "execute_result"):
        raise ValueError(f"unknown output type {kind!r}")
    bundle = {mime: _joined(value) for mime, value in dict(data.get("data", {})).items()}
    return Output(kind, data=bundle, metadata=dict(data.get("metadata", {})))


def output_from_message(msg_type: str, content: dict[str, Any]) -> Output:
    """An output message's content (stream, display_data, execute_result, error) as an `Output`.

    What nbformat's `output_from_msg` does, without importing nbformat: its validator pulls in
    jsonschema's format checkers, which take a second or more to import.
    """
    if msg_type == "stream":
        return Output("stream", name=content.get("name", "stdout"), text=content.get("text", ""))
    if msg_type == "error":
        return Output("error", ename=content.get("ename", ""), evalue=content.get("evalue", ""),
                      traceback=list(content.get("traceback", [])))
    return output_from_json({"output_type": msg_type, "data": content.get("data", {}),
                             "metadata": content.get("metadata", {})})


def output_to_json(output: Output) -> dict[str, Any]:
    """A model `Output` as nbformat JSON (only the fields its type uses)."""
    if output.output_type == "stream":
        return {"output_type": "stream", "name": output.name, "text": output.text}
    if output.output_type == "error":
        return {
            "output_type": "error",
            "ename": output.ename,
            "evalue": output.evalue,
            "traceback": list(output.traceback),
        }
    return {"output_type": output.output_type, "data": dict(output.data), "metadata": dict(output.metadata)}


def _joined(value: Any) -> Any:
    """nbformat may split text into a list of lines; JSON MIME types stay structured."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return value
