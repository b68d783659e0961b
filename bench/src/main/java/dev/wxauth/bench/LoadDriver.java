package dev.wxauth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load generator of {@code make bench}, a process of its own: runs one scenario with a fixed number of
 * workers, each repeating the scenario's operation back to back, first for a warm-up (discarded), then for the
 * measured time; latencies of whole operations go to an HdrHistogram. Any failed operation (a non-2xx answer
 * included) counts as an error, and errors make the exit status 1.
 *
 * <pre>java -jar bench-exec.jar --scenario web-login --seconds 20 --warmup 30 --concurrency 16 --out results.jsonl</pre>
 */
public final class LoadDriver {

	private LoadDriver() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		if (options.containsKey("report")) {
			Report.write(Path.of(options.get("report")), Path.of(options.get("markdown")));
			return;
		}
		if (options.containsKey("signing-floor")) {
			SigningFloor.Result floor = SigningFloor.measure(Runtime.getRuntime().availableProcessors(),
					Integer.parseInt(options.get("signing-floor")));
			System.out.printf("%.0f RS256 signatures/s (%s, %d threads, nothing else running)%n", floor.perSecond(),
					floor.provider(), floor.threads());
			return;
		}
		if (!options.containsKey("scenario")) {
			System.err.println("usage: --scenario NAME [--seconds S] [--warmup S] [--concurrency N] [--out FILE] [--cpu-of PID]"
					+ " [--first-person N] [--people N]"
					+ " | --report RESULTS.jsonl --markdown FILE | --signing-floor SECONDS");
			System.exit(2);
		}
		Targets targets = new Targets(options.getOrDefault("auth", "http://localhost:9000"),
				options.getOrDefault("emulator", "http://localhost:9100"), options.getOrDefault("api", "http://localhost:8081"));
		String name = options.get("scenario");
		int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "16"));
		int seconds = Integer.parseInt(options.getOrDefault("seconds", "20"));
		int warmup = Integer.parseInt(options.getOrDefault("warmup", "30"));
		Scenario scenario = Scenarios.named(name, targets, Integer.parseInt(options.getOrDefault("first-person", "0")),
				Integer.parseInt(options.getOrDefault("people", String.valueOf(Scenarios.USERS))));

		run(scenario, concurrency, warmup);
		// the server's CPU over the measured run only, when told which process it is
		String server = options.get("cpu-of");
		long ticks = (server != null) ? cpuTicks(server) : 0;
		Result result = run(scenario, concurrency, seconds);
		ticks = (server != null) ? cpuTicks(server) - ticks : 0;

		Map<String, Object> line = new LinkedHashMap<>();
		line.put("scenario", name);
		line.put("load", "java");
		line.put("concurrency", concurrency);
		line.put("seconds", result.seconds());
		line.put("operations", result.operations());
		line.put("errors", result.errors());
		line.put("throughput", Math.round(result.operations() / result.seconds() * 10) / 10.0);
		line.put("p50_ms", millis(result.histogram(), 50));
		line.put("p95_ms", millis(result.histogram(), 95));
		line.put("p99_ms", millis(result.histogram(), 99));
		line.put("first_error", result.firstError());
		if (server != null && result.operations() > 0) {
			line.put("server_cpu_us_per_op", Math.round(ticks * 1e6 / TICKS_PER_SECOND / result.operations()));
		}
		String json = JsonMapper.builder().build().writeValueAsString(line);
		System.out.println(json);
		if (options.containsKey("out")) {
			Files.writeString(Path.of(options.get("out")), json + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		System.exit(result.errors() > 0 ? 1 : 0);
	}

	/** Linux's USER_HZ, the unit of {@code /proc/PID/stat}'s times, 100 on every architecture. */
	private static final double TICKS_PER_SECOND = 100;

	static Result run(Scenario scenario, int concurrency, int seconds) throws InterruptedException {
		Recorder recorder = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		List<String> firstError = new ArrayList<>(1);
		long deadline = System.nanoTime() + seconds * 1_000_000_000L;
		List<Thread> workers = new ArrayList<>();
		long started = System.nanoTime();
		for (int i = 0; i < concurrency; i++) {
			Scenario.Operation operation = scenario.operation(i);
			workers.add(Thread.ofPlatform().name("load-" + i).start(() -> {
				while (System.nanoTime() < deadline) {
					long begin = System.nanoTime();
					try {
						operation.run();
						recorder.recordValue(Math.max(1, (System.nanoTime() - begin) / 1000));
					}
					catch (Exception ex) {
						if (errors.incrementAndGet() == 1) {
							synchronized (firstError) {
								firstError.add(String.valueOf(ex.getMessage()));
							}
						}
					}
				}
			}));
		}
		for (Thread worker : workers) {
			worker.join();
		}
		double elapsed = (System.nanoTime() - started) / 1e9;
		Histogram histogram = recorder.getIntervalHistogram();
		return new Result(histogram.getTotalCount(), errors.get(), elapsed, histogram,
				firstError.isEmpty() ? null : firstError.getFirst());
	}

	/** A process's user and system time, in the clock ticks of {@code /proc/PID/stat} (fields 14 and 15). */
	private static long cpuTicks(String pid) throws java.io.IOException {
		String stat = Files.readString(Path.of("/proc", pid, "stat"));
		// the fields after the command name, which is in parentheses and may hold spaces
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

	private static double millis(Histogram histogram, double percentile) {
		return Math.round(histogram.getValueAtPercentile(percentile) / 10.0) / 100.0;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException("Expected --name value pairs, got " + args[i]);
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

	record Result(long operations, long errors, double seconds, Histogram histogram, String firstError) {
	}

	/** Where the servers under test listen. */
	record Targets(String auth, String emulator, String api) {
	}

}
