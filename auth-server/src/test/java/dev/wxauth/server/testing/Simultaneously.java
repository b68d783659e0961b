package dev.wxauth.server.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs one request from several threads released at the same instant: what a race between a client and a thief
 * holding the same code or token looks like.
 */
public final class Simultaneously {

	private Simultaneously() {
	}

	/** @return each thread's answer */
	public static <T> List<T> run(int threads, Supplier<T> request) throws Exception {
		ExecutorService racers = Executors.newFixedThreadPool(threads);
		try {
			CyclicBarrier start = new CyclicBarrier(threads);
			List<CompletableFuture<T>> answers = new ArrayList<>();
			for (int i = 0; i < threads; i++) {
				answers.add(CompletableFuture.supplyAsync(() -> {
					try {
						start.await(10, TimeUnit.SECONDS);
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
					return request.get();
				}, racers));
			}
			List<T> results = new ArrayList<>();
			for (CompletableFuture<T> answer : answers) {
				results.add(answer.get(30, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			racers.shutdownNow();
		}
	}

}
