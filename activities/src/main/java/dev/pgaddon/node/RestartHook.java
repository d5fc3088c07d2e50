package dev.pgaddon.node;

import dev.pgaddon.node.NodeActivities.NotifyResult;
import dev.pgaddon.operation.AddonNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * "Once the operation is finished, the application is restarted": the addon's hook is an http(s)
 * URL, POSTed {"addon","event","sent_at"} signed as {@link HookSignature} describes. Anything else
 * (older addons may carry a shell command) is ignored, never run. Its failure is reported, never thrown.
 *
 * <p>The URL is the tenant's, so it must not make the worker a proxy into the platform's network:
 * its host is resolved once, refused when any address is loopback, private, link-local, CGNAT,
 * multicast or unspecified (unless the operator sets PGADDON_RESTART_HOOK_ALLOW_PRIVATE=true), and
 * the request goes to the address that was checked (Host header and TLS name stay the URL's), so a
 * second DNS answer cannot point it elsewhere. Redirects are not followed, and only the status line
 * of the answer is read: what the target says is never recorded.
 */
final class RestartHook {
  static final String IGNORED = "restart hook ignored: only http(s) URLs are called";
  static final String PRIVATE = "restart hook refused: private address";
  static final String ALLOW_PRIVATE = "PGADDON_RESTART_HOOK_ALLOW_PRIVATE";
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: .*)?");

  /** Resolves a host name; tests give their own. */
  interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private final String hook;
  private final String secret;
  private final Clock clock;
  private final boolean allowPrivate;
  private final Resolver resolver;

  RestartHook(String hook, String secret) {
    this(hook, secret, Clock.systemUTC(), allowPrivateFromEnvironment(), InetAddress::getAllByName);
  }

  RestartHook(String hook, String secret, Clock clock, boolean allowPrivate, Resolver resolver) {
    this.hook = hook;
    this.secret = secret;
    this.clock = clock;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  NotifyResult run(String addonId, String event) {
    if (hook == null || hook.isBlank()) {
      return new NotifyResult(false, "no restart hook configured");
    }
    URI uri = httpUri(hook);
    if (uri == null) {
      return new NotifyResult(false, IGNORED);
    }
    if (secret == null || secret.isEmpty()) {
      return new NotifyResult(false, "restart hook not called: no signing secret");
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host(uri));
    } catch (UnknownHostException e) {
      return new NotifyResult(false, "restart hook failed: unknown host");
    }
    if (addresses.length == 0 || !allowPrivate && List.of(addresses).stream().anyMatch(RestartHook::isPrivate)) {
      return new NotifyResult(false, PRIVATE);
    }
    try {
      int status = post(uri, addresses, addonId, event);
      return status / 100 == 2 ? new NotifyResult(true, "application restart requested (HTTP " + status + ")")
          : new NotifyResult(false, "restart hook answered HTTP " + status);
    } catch (IOException | RuntimeException e) {
      return new NotifyResult(false, "restart hook failed: " + e.getMessage());
    }
  }

  /** PGADDON_RESTART_HOOK_ALLOW_PRIVATE=true (or the property pgaddon.restart.hook.allow.private): a lab's hooks on its own network. */
  static boolean allowPrivateFromEnvironment() {
    return dev.pgaddon.settings.PlatformSettings.current().restartHookAllowPrivate();
  }

  /** The hook as an http(s) URI with a host (the rule provisioning applies), or null. */
  static URI httpUri(String hook) {
    return AddonNames.restartHookProblem(hook) == null ? URI.create(hook) : null;
  }

  /**
   * Whether the platform's own networks could be behind this address: loopback, unspecified,
   * link-local (cloud metadata), private (10/8, 172.16/12, 192.168/16, fc00::/7), CGNAT (100.64/10),
   * multicast, and IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4).
   */
  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress() || a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || first == 100 && (second & 0xc0) == 64 // CGNAT, 100.64/10
          || first == 192 && second == 0 && b[2] == 0 // IETF protocol assignments, 192.0.0/24
          || first == 198 && (second & 0xfe) == 18 // benchmarking, 198.18/15
          || first >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) {
        return true; // unique local, fc00::/7
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return isPrivate(ipv4(b, 2)); // 6to4, 2002::/16
      }
      if (b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
        return !zeros(b, 4, 12) || isPrivate(ipv4(b, 12)); // NAT64: well-known 64:ff9b::/96, or local use
      }
      if (zeros(b, 0, 10) && (b[10] == 0 && b[11] == 0 || (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff)) {
        return isPrivate(ipv4(b, 12)); // IPv4-compatible, IPv4-mapped
      }
    }
    return false;
  }

  private static boolean zeros(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  static String body(String addonId, String event, Instant sentAt) {
    return "{\"addon\":" + json(addonId) + ",\"event\":" + json(event) + ",\"sent_at\":" + json(sentAt.toString()) + "}";
  }

  private static InetAddress ipv4(byte[] b, int from) {
    try {
      return InetAddress.getByAddress(new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The host as the resolver wants it: an IPv6 literal without its brackets. */
  private static String host(URI uri) {
    String host = uri.getHost();
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /**
   * One HTTP/1.1 POST over a socket to an address already checked (a client library would resolve
   * the name again); only the status line of the answer is read.
   */
  private int post(URI uri, InetAddress[] addresses, String addonId, String event) throws IOException {
    boolean https = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    Instant now = clock.instant();
    String body = body(addonId, event, now);
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long timestamp = now.getEpochSecond();
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    String hostHeader = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    String request = "POST " + path + " HTTP/1.1\r\n"
        + "Host: " + hostHeader + "\r\n"
        + "User-Agent: pgaddon-restart-hook\r\n"
        + "Content-Type: application/json\r\n"
        + HookSignature.TIMESTAMP_HEADER + ": " + timestamp + "\r\n"
        + HookSignature.SIGNATURE_HEADER + ": " + HookSignature.sign(secret, timestamp, body) + "\r\n"
        + "Content-Length: " + bytes.length + "\r\n"
        + "Connection: close\r\n\r\n";
    try (Socket socket = connect(addresses, port)) {
      // The whole exchange, TLS included, within the timeout: a target that answers a byte at a time is cut.
      AtomicBoolean late = new AtomicBoolean();
      CompletableFuture.delayedExecutor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
        late.set(true);
        closeQuietly(socket);
      });
      try (Socket channel = https ? tls(socket, host(uri), port) : socket) {
        OutputStream out = channel.getOutputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
        return status(channel.getInputStream());
      } catch (IOException e) {
        throw late.get() ? new IOException("no answer within " + TIMEOUT.toSeconds() + " s") : e;
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closed already
    }
  }

  private static Socket connect(InetAddress[] addresses, int port) throws IOException {
    IOException last = null;
    for (InetAddress address : addresses) {
      Socket socket = new Socket();
      try {
        socket.connect(new InetSocketAddress(address, port), (int) CONNECT_TIMEOUT.toMillis());
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
      }
    }
    throw last;
  }

  /** TLS over the connected socket, for the URL's host name: its certificate is checked and it is sent as SNI. */
  private static Socket tls(Socket socket, String host, int port) throws IOException {
    SSLSocket ssl;
    try {
      ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(socket, host, port, true);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IOException("no TLS", e);
    }
    SSLParameters parameters = ssl.getSSLParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    if (!host.contains(":") && !host.matches("[0-9.]+")) {
      parameters.setServerNames(List.of(new SNIHostName(host)));
    }
    ssl.setSSLParameters(parameters);
    ssl.startHandshake();
    return ssl;
  }

  /** The status code of the answer's status line (at most 1 KiB is read; the rest is not). */
  private static int status(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c; (c = in.read()) != -1 && c != '\n'; ) {
      if (line.length() > 1024) {
        throw new IOException("the answer is not HTTP");
      }
      line.append((char) c);
    }
    Matcher m = STATUS_LINE.matcher(line.toString().trim());
    if (!m.matches()) {
      throw new IOException("the answer is not HTTP");
    }
    return Integer.parseInt(m.group(1));
  }

  /** A JSON string literal. */
  static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
