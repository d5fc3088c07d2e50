import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load generator: CLIENTS threads, each sending GET PATH to the API one request after
 * the other for SECONDS, then requests per second and latency percentiles of the 200 answers.
 *   java bench/ApiLoad.java BASE_URL TOKEN SECONDS CLIENTS PATH...
 */
public class ApiLoad {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    String token = args[1];
    int seconds = Integer.parseInt(args[2]);
    int clients = Integer.parseInt(args[3]);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    System.out.printf("%-44s %8s %10s %9s %9s %9s %7s%n", "route", "clients", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
    for (String path : Arrays.copyOfRange(args, 4, args.length)) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
          .timeout(Duration.ofSeconds(10)).GET().build();
      run(http, request, 3, clients); // warm-up: JIT, connection pools
      long[] result = run(http, request, seconds, clients);
      long errors = result[result.length - 1];
      long[] latencies = Arrays.copyOf(result, result.length - 1);
      Arrays.sort(latencies);
      System.out.printf("%-44s %8d %10.0f %9.2f %9.2f %9.2f %7d%n", path, clients, latencies.length / (double) seconds,
          pct(latencies, 50), pct(latencies, 99), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6, errors);
    }
  }

  /** Latencies (ns) of the 200 answers, then the count of other answers as the last element. */
  private static long[] run(HttpClient http, HttpRequest request, int seconds, int clients) throws InterruptedException {
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    AtomicLong errors = new AtomicLong();
    List<long[]> perThread = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      long[][] mine = {new long[1024]};
      int[] n = {0};
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
              errors.incrementAndGet();
              continue;
            }
          } catch (Exception e) {
            errors.incrementAndGet();
            continue;
          }
          if (n[0] == mine[0].length) {
            mine[0] = Arrays.copyOf(mine[0], n[0] * 2);
          }
          mine[0][n[0]++] = System.nanoTime() - start;
        }
        synchronized (perThread) {
          perThread.add(Arrays.copyOf(mine[0], n[0]));
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long[] all = perThread.stream().flatMapToLong(Arrays::stream).toArray();
    long[] out = Arrays.copyOf(all, all.length + 1);
    out[all.length] = errors.get();
    return out;
  }

  private static double pct(long[] sorted, int p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }
}
