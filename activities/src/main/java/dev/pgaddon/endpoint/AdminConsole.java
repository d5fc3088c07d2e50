package dev.pgaddon.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * PgBouncer's admin console over its wire protocol, straight from the worker: a few milliseconds per
 * command, where a psql run through docker exec costs 150 ms of clients' stall each. JDBC cannot
 * be used: the console reports PgBouncer's own version, which makes the driver send SETs it refuses.
 * Startup, SCRAM-SHA-256 (RFC 7677), then simple queries; an ErrorResponse becomes an exception
 * carrying PgBouncer's message.
 */
final class AdminConsole implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  private AdminConsole(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 8192));
    // Buffered, one flush per message: PgBouncer drops a login whose packets arrive in pieces.
    this.out = new DataOutputStream(new java.io.BufferedOutputStream(socket.getOutputStream(), 8192));
  }

  /** A command refused by PgBouncer (its message), as opposed to a connection that failed. */
  static final class CommandRefused extends RuntimeException {
    CommandRefused(String message) {
      super(message);
    }
  }

  static AdminConsole connect(String host, int port, String user, String password) throws IOException {
    Socket socket = new Socket();
    try {
      socket.connect(new InetSocketAddress(host, port), 5_000);
      // PAUSE waits for the transactions in flight; below the steps' 2 minutes, so no attempt outlives its step.
      socket.setSoTimeout(100_000);
      socket.setTcpNoDelay(true);
      AdminConsole console = new AdminConsole(socket);
      console.startup(user, password);
      return console;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Runs one command and reads its answer up to ReadyForQuery. */
  void run(String command) throws IOException {
    byte[] sql = (command + "\0").getBytes(StandardCharsets.UTF_8);
    out.writeByte('Q');
    out.writeInt(4 + sql.length);
    out.write(sql);
    out.flush();
    String error = null;
    while (true) {
      Message m;
      try {
        m = read();
      } catch (java.io.EOFException closed) {
        // A FATAL error is followed by the end of the connection: say what it was.
        if (error != null) {
          throw new CommandRefused(error);
        }
        throw closed;
      }
      if (m.type == 'E') {
        error = errorMessage(m.body);
      } else if (m.type == 'Z') {
        break;
      }
    }
    if (error != null) {
      throw new CommandRefused(error);
    }
  }

  private void startup(String user, String password) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream b = new DataOutputStream(body);
    b.writeInt(196608); // protocol 3.0
    for (String s : new String[] {"user", user, "database", "pgbouncer", ""}) {
      b.write(s.getBytes(StandardCharsets.UTF_8));
      b.writeByte(0);
    }
    out.writeInt(4 + body.size());
    body.writeTo(out);
    out.flush();
    Scram scram = null;
    boolean serverVerified = false;
    while (true) {
      Message m = read();
      switch (m.type) {
        case 'R' -> {
          if (m.body.length < 4) {
            throw new IOException("malformed authentication request from the admin console");
          }
          int kind = ((m.body[0] & 0xff) << 24) | ((m.body[1] & 0xff) << 16) | ((m.body[2] & 0xff) << 8) | (m.body[3] & 0xff);
          String data = new String(m.body, 4, m.body.length - 4, StandardCharsets.UTF_8);
          // Each SCRAM message in its turn, and no AuthenticationOk before the server proved it knows the password.
          if (kind == 0 && !serverVerified || (kind == 11 || kind == 12) && scram == null || kind == 10 && scram != null) {
            throw new IOException("the admin console broke the SCRAM exchange (message " + kind + " out of turn)");
          }
          switch (kind) {
            case 0 -> { } // AuthenticationOk
            case 10 -> { // SASL: the mechanisms offered
              if (!data.contains("SCRAM-SHA-256")) {
                throw new IOException("the admin console offers no SCRAM-SHA-256");
              }
              scram = new Scram(password);
              sasl(true, scram.clientFirst());
            }
            case 11 -> sasl(false, scram.clientFinal(data)); // SASLContinue
            case 12 -> {
              scram.verifyServerFinal(data); // SASLFinal
              serverVerified = true;
            }
            default -> throw new IOException("authentication method " + kind + " is not supported here");
          }
        }
        case 'E' -> throw new IOException("admin console refused the login: " + errorMessage(m.body));
        case 'Z' -> {
          return;
        }
        default -> { } // ParameterStatus, BackendKeyData, notices
      }
    }
  }

  private void sasl(boolean initial, String payload) throws IOException {
    byte[] data = payload.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    DataOutputStream b = new DataOutputStream(body);
    if (initial) {
      b.write("SCRAM-SHA-256\0".getBytes(StandardCharsets.UTF_8));
      b.writeInt(data.length);
    }
    b.write(data);
    out.writeByte('p');
    out.writeInt(4 + body.size());
    body.writeTo(out);
    out.flush();
  }

  private record Message(char type, byte[] body) {}

  private Message read() throws IOException {
    char type = (char) in.readUnsignedByte();
    int length = in.readInt();
    if (length < 4 || length > 1 << 20) {
      throw new IOException("malformed message from the admin console (length " + length + ")");
    }
    byte[] body = new byte[length - 4];
    in.readFully(body);
    return new Message(type, body);
  }

  /** The 'M' field of an ErrorResponse. */
  private static String errorMessage(byte[] body) {
    Map<Character, String> fields = new HashMap<>();
    int i = 0;
    while (i < body.length && body[i] != 0) {
      char code = (char) body[i++];
      int end = i;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      fields.put(code, new String(body, i, end - i, StandardCharsets.UTF_8));
      i = end + 1;
    }
    return fields.getOrDefault('M', "unknown error");
  }

  @Override
  public void close() {
    try {
      out.writeByte('X');
      out.writeInt(4);
      out.flush();
    } catch (IOException ignored) {
      // closing anyway
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** The client side of SCRAM-SHA-256 without channel binding. */
  static final class Scram {
    private final String password;
    private final String user;
    private final String clientNonce;
    private String clientFirstBare;
    private byte[] serverSignature;

    /** The user is the startup message's: PostgreSQL's servers ignore the one in SCRAM. */
    Scram(String password) {
      this(password, "", nonce());
    }

    Scram(String password, String user, String clientNonce) {
      this.password = password;
      this.user = user;
      this.clientNonce = clientNonce;
    }

    String clientFirst() {
      clientFirstBare = "n=" + user + ",r=" + clientNonce;
      return "n,," + clientFirstBare;
    }

    String clientFinal(String serverFirst) throws IOException {
      Map<String, String> f = attributes(serverFirst);
      String nonce = f.get("r");
      if (nonce == null || !nonce.startsWith(clientNonce)) {
        throw new IOException("the admin console's SCRAM nonce does not extend ours");
      }
      try {
        byte[] salted = pbkdf2(password, Base64.getDecoder().decode(f.get("s")), Integer.parseInt(f.get("i")));
        byte[] clientKey = hmac(salted, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] signature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
          proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        serverSignature = hmac(hmac(salted, "Server Key"), authMessage);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
      } catch (GeneralSecurityException e) {
        throw new IOException("SCRAM computation failed", e);
      }
    }

    void verifyServerFinal(String serverFinal) throws IOException {
      String v = attributes(serverFinal).get("v");
      if (v == null || !MessageDigest.isEqual(Base64.getDecoder().decode(v), serverSignature)) {
        throw new IOException("the admin console did not prove it knows the password");
      }
    }

    private static Map<String, String> attributes(String message) {
      Map<String, String> m = new HashMap<>();
      for (String part : message.split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          m.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      return m;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) throws GeneralSecurityException {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
    }

    private static byte[] hmac(byte[] key, String text) throws GeneralSecurityException {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String nonce() {
      byte[] bytes = new byte[18];
      RANDOM.nextBytes(bytes);
      return Base64.getEncoder().encodeToString(bytes);
    }
  }
}
