package dev.pgaddon.api;

import dev.pgaddon.control.Tokens.TokenRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API's front door without Temporal or a control database: one token ({@link #TOKEN}, scoped to
 * the app "my-app") and the routes a test gives; raw HTTP/1.1 over a socket where a client library
 * would refuse to send what a hostile client sends.
 */
final class ApiTestServer implements AutoCloseable {
  static final String TOKEN = "pga_test-token-of-my-app";
  static final TokenRecord TOKEN_RECORD = new TokenRecord("tok-000000000001", false, Set.of("my-app"), "test",
      Instant.EPOCH, null, null);

  final AtomicInteger credentialChecks = new AtomicInteger();
  volatile boolean tokenLive = true;
  private final ApiServer server;

  ApiTestServer(ApiSettings settings, List<Route> routes) {
    Credentials credentials = secret -> {
      credentialChecks.incrementAndGet();
      return tokenLive && secret.equals(TOKEN) ? Optional.of(new Caller(TOKEN_RECORD, null)) : Optional.empty();
    };
    this.server = ApiServer.serve("127.0.0.1", 0, settings, credentials, routes);
  }

  int port() {
    return server.port();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  Socket connect(int readTimeoutMillis) throws IOException {
    Socket s = new Socket("127.0.0.1", port());
    s.setSoTimeout(readTimeoutMillis);
    return s;
  }

  /** Sends {@code request} as is and reads the whole answer (the request should ask for Connection: close). */
  String raw(String request) throws IOException {
    try (Socket s = connect(5000)) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The head of the first answer on the socket, and as much of its body as arrived, or "" if it was closed first. */
  static String answer(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    byte[] buf = new byte[8192];
    int n = in.read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.close();
  }
}
