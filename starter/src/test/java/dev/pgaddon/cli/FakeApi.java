package dev.pgaddon.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;

/**
 * A canned pgaddon API on 127.0.0.1 (a free port): each "METHOD /path" answers its queued answers in
 * order, the last one again and again. {@link #cli} runs the CLI with settings that point at it.
 */
final class FakeApi implements AutoCloseable {
  static final String TOKEN = "test-token-7f3a";

  record Request(String method, String uri, String authorization, String accept, String body) {}

  record Answer(int status, String body, String location) {}

  record Run(int code, String out, String err) {
    String all() {
      return out + err;
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Answer>> answers = new ConcurrentHashMap<>();
  private final HttpServer server;
  /** The CLI's settings for this API: its URL, {@link #TOKEN}, and a home of its own (no saved credentials). */
  final CliSettings settings;

  FakeApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
    settings = CliSettings.of(url(), TOKEN, java.nio.file.Files.createTempDirectory("pgaddon-cli-home"));
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeApi on(String method, String path, int status, String body) {
    return on(method, path, new Answer(status, body, null));
  }

  FakeApi on(String method, String path, Answer answer) {
    answers.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).add(answer);
    return this;
  }

  static String operation(String status, String steps, String error, String result) {
    return "{\"operation\":{\"id\":\"op-1\",\"kind\":\"provision\",\"status\":\"" + status + "\",\"steps\":[" + steps
        + "],\"error\":" + error + ",\"result\":" + result + "}}";
  }

  static String step(String name, String state, String note) {
    return "{\"name\":\"" + name + "\",\"state\":\"" + state + "\",\"note\":\"" + note + "\"}";
  }

  /** Runs the CLI in-process against this API, as the integration tests do. */
  Run cli(String... args) {
    return run(settings, args);
  }

  /** Runs the CLI in-process with these settings. */
  static Run run(CliSettings settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Pgaddon.commandLine(settings);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Accept"), body));
    Deque<Answer> queue = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
    Answer answer = queue == null ? new Answer(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no route\"}}", null)
        : queue.size() > 1 ? queue.poll() : queue.peek();
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    if (answer.location() != null) {
      exchange.getResponseHeaders().set("Location", answer.location());
    }
    exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
