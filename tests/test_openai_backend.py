"""The OpenAI-compatible backend against a fake chat-completions server on 127.0.0.1 (http.server in a
thread): the request it sends, the text it streams back, stop strings past the API's four, adapters
as the model name, and one-line LLMErrors for a failing or absent server."""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from runtime.base import GenerationParams, LLMError, Message
from runtime.openai_backend import OpenAIGenerator
from tests.conftest import free_port

MESSAGES = [Message("system", "You are a shop assistant."), Message("user", "A red scarf?")]


class FakeServer:
    """What the next request gets (`mode`, `pieces`, `status`, `delay_s`) and every request it got."""

    def __init__(self):
        self.mode = "stream"
        self.pieces: list[str] = []
        self.status = 500
        self.error = "model crashed"
        self.delay_s = 0.0
        self.requests: list[dict] = []

    def reset(self) -> None:
        self.__init__()


def chunk(content: str) -> dict:
    return {
        "id": "chatcmpl-1",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "tiny",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }


def handler_for(fake: FakeServer):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def send_json(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append({"path": self.path, "authorization": self.headers.get("Authorization"), "body": body})
            time.sleep(fake.delay_s)
            if self.path != "/v1/chat/completions":
                return self.send_json(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})
            if fake.mode == "error":
                return self.send_json(fake.status, {"error": {"message": fake.error, "type": "server_error"}})
            if fake.mode == "json" or not body.get("stream"):
                message = {"role": "assistant", "content": "".join(fake.pieces)}
                return self.send_json(
                    200,
                    {
                        "id": "chatcmpl-1",
                        "object": "chat.completion",
                        "created": 0,
                        "model": body["model"],
                        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
                    },
                )
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            first = chunk("")  # a role-only first chunk, as real servers send
            first["choices"][0]["delta"] = {"role": "assistant"}
            self.wfile.write(f"data: {json.dumps(first)}\n\n".encode())
            for piece in fake.pieces:
                self.wfile.write(f"data: {json.dumps(chunk(piece))}\n\n".encode())
                self.wfile.flush()
            if fake.mode == "error-event":
                self.wfile.write(f"data: {json.dumps({'error': {'message': fake.error, 'code': 500}})}\n\n".encode())
            self.wfile.write(b"data: [DONE]\n\n")

    return Handler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that timed out and hung up is expected
            super().handle_error(request, client_address)


@pytest.fixture(scope="module")
def server():
    fake = FakeServer()
    httpd = QuietServer(("127.0.0.1", 0), handler_for(fake))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    fake.base_url = f"http://127.0.0.1:{httpd.server_port}/v1"
    yield fake
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fake(server):
    server.reset()  # keeps base_url
    return server


@pytest.fixture
def generator(fake):
    return OpenAIGenerator(fake.base_url, "tiny", adapters=("support", "sales"), timeout_s=5)


def test_generate_joins_the_streamed_pieces(fake, generator):
    fake.pieces = ["A red ", "wool ", "scarf."]
    assert generator.generate(MESSAGES, GenerationParams()) == "A red wool scarf."


def test_stream_yields_the_pieces_as_the_server_sends_them(fake, generator):
    fake.pieces = ["A red ", "wool ", "scarf."]
    assert list(generator.stream(MESSAGES, GenerationParams())) == ["A red ", "wool ", "scarf."]


def test_the_request_body_carries_messages_and_parameters(fake, generator):
    fake.pieces = ["ok"]
    params = GenerationParams(max_new_tokens=17, stop=("\nUser:",), temperature=0.7, top_p=0.9, seed=42)
    generator.generate(MESSAGES, params)
    (request,) = fake.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["authorization"] == "Bearer not-needed"  # a key is required by the client, not by local servers
    assert request["body"] == {
        "model": "tiny",
        "messages": [{"role": "system", "content": "You are a shop assistant."}, {"role": "user", "content": "A red scarf?"}],
        "max_tokens": 17,
        "temperature": 0.7,
        "top_p": 0.9,
        "seed": 42,
        "stop": ["\nUser:"],
        "stream": True,
    }


def test_no_stop_strings_send_none_and_the_api_key_is_used(fake):
    fake.pieces = ["ok"]
    OpenAIGenerator(fake.base_url, "tiny", api_key="sk-test").generate(MESSAGES, GenerationParams())
    body = fake.requests[0]["body"]
    assert body["stop"] is None  # sent as JSON null
    assert body["max_tokens"] == 256 and body["temperature"] == 0.0
    assert fake.requests[0]["authorization"] == "Bearer sk-test"


def test_only_four_stop_strings_go_to_the_server_and_the_rest_apply_here(fake, generator):
    fake.pieces = ["alpha ", "beta", " EN", "D gamma"]
    stop = ("s1", "s2", "s3", "s4", " END")
    assert generator.generate(MESSAGES, GenerationParams(stop=stop)) == "alpha beta"
    assert fake.requests[0]["body"]["stop"] == ["s1", "s2", "s3", "s4"]


def test_a_stop_string_the_server_ignored_is_cut_in_the_stream(fake, generator):
    fake.pieces = ["Sure.", "\nUs", "er: next"]
    pieces = list(generator.stream(MESSAGES, GenerationParams(stop=("\nUser:",))))
    assert "".join(pieces) == "Sure."


def test_an_adapter_is_sent_as_the_model(fake, generator):
    fake.pieces = ["ok"]
    generator.generate(MESSAGES, GenerationParams(adapter="support"))
    assert fake.requests[0]["body"]["model"] == "support"


@pytest.mark.parametrize(
    ("adapters", "message"),
    [
        (("support", "sales"), "unknown adapter 'returns'; configured: ['support', 'sales']"),
        ((), "unknown adapter 'returns'; configured: none"),
    ],
)
def test_an_unknown_adapter_is_refused_before_any_request(fake, adapters, message):
    generator = OpenAIGenerator(fake.base_url, "tiny", adapters=adapters)
    with pytest.raises(LLMError) as info:
        generator.generate(MESSAGES, GenerationParams(adapter="returns"))
    assert str(info.value) == message
    assert fake.requests == []


@pytest.mark.parametrize(("status", "error"), [(500, "model crashed"), (503, "server overloaded"), (400, "context too long")])
def test_a_server_error_is_one_llm_error_with_the_status(fake, generator, status, error):
    fake.mode, fake.status, fake.error = "error", status, error
    with pytest.raises(LLMError) as info:
        generator.generate(MESSAGES, GenerationParams())
    message = str(info.value)
    assert message.startswith(f"the server at {fake.base_url} answered {status}: ")
    assert error in message and "\n" not in message
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert len(fake.requests) == 1  # no retries


def test_a_wrong_base_url_is_a_404_llm_error(fake):
    generator = OpenAIGenerator(fake.base_url.removesuffix("/v1"), "tiny")
    with pytest.raises(LLMError, match=r"answered 404: .*no route /chat/completions"):
        generator.generate(MESSAGES, GenerationParams())


def test_a_refused_connection_is_one_llm_error_with_the_fix():
    base_url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(LLMError) as info:
        OpenAIGenerator(base_url, "tiny", timeout_s=5).generate(MESSAGES, GenerationParams())
    assert str(info.value) == f"cannot reach the OpenAI-compatible server at {base_url}; start it or fix llm.base_url"
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_server_slower_than_the_timeout_is_an_llm_error(fake):
    fake.pieces, fake.delay_s = ["late"], 1.0
    with pytest.raises(LLMError, match=r"^cannot reach the OpenAI-compatible server at "):
        OpenAIGenerator(fake.base_url, "tiny", timeout_s=0.2).generate(MESSAGES, GenerationParams())


def test_errors_surface_when_the_stream_is_read_not_when_it_is_made():
    generator = OpenAIGenerator(f"http://127.0.0.1:{free_port()}/v1", "tiny", timeout_s=5)
    stream = generator.stream(MESSAGES, GenerationParams())  # nothing sent yet
    with pytest.raises(LLMError):
        next(iter(stream))


def test_an_error_event_in_the_stream_is_an_llm_error(fake, generator):
    fake.mode, fake.pieces, fake.error = "error-event", ["Partial "], "out of memory"
    with pytest.raises(LLMError, match="out of memory"):
        generator.generate(MESSAGES, GenerationParams())


def test_a_non_streamed_reply_is_not_silently_empty(fake, generator):
    fake.mode, fake.pieces = "json", ["A red ", "scarf."]
    try:
        text = generator.generate(MESSAGES, GenerationParams())
    except LLMError:
        return  # refusing it in one sentence is fine too
    assert text == "A red scarf."


def test_count_tokens_over_estimates_from_characters(fake):
    generator = OpenAIGenerator(fake.base_url, "tiny")
    messages = [Message("system", "x" * 30), Message("user", "hello")]
    assert generator.count_tokens(messages) == (30 // 3 + 8) + (5 // 3 + 8) == 27
    assert generator.count_tokens([]) == 0


def test_name_and_settings(fake):
    generator = OpenAIGenerator(fake.base_url, "tiny", adapters=["a"], context_length=2048)
    assert generator.name == f"openai:tiny@{fake.base_url}"
    assert generator.adapters == ("a",) and generator.context_length == 2048
