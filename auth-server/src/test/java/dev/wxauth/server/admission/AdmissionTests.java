package dev.wxauth.server.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTests {

	@Test
	void enterWhenMoreRequestsThanTurnsThenAtMostThatManyWorkAtOnce() throws Exception {
		Admission admission = new Admission(2);
		AtomicInteger working = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		List<Thread> requests = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			requests.add(Thread.ofVirtual().start(() -> {
				try (Admission.Turn turn = admission.enter()) {
					mostAtOnce.accumulateAndGet(working.incrementAndGet(), Math::max);
					sleep(5);
					working.decrementAndGet();
				}
			}));
		}
		for (Thread request : requests) {
			request.join();
		}

		assertThat(mostAtOnce.get()).isEqualTo(2);
		assertThat(admission.availableTurns()).isEqualTo(2);
	}

	@Test
	void awayWhenWaitingOnAnotherServiceThenTurnFreeForOthers() throws Exception {
		Admission admission = new Admission(1);
		CountDownLatch waitingUpstream = new CountDownLatch(1);
		CountDownLatch upstreamAnswers = new CountDownLatch(1);
		Thread slow = Thread.ofVirtual().start(() -> {
			try (Admission.Turn turn = admission.enter()) {
				Admission.away(() -> {
					waitingUpstream.countDown();
					return upstreamAnswers.await(10, TimeUnit.SECONDS);
				});
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		assertThat(waitingUpstream.await(10, TimeUnit.SECONDS)).isTrue();

		Thread other = Thread.ofVirtual().start(() -> {
			try (Admission.Turn turn = admission.enter()) {
				// admitted while the first request waits upstream
			}
		});
		other.join(TimeUnit.SECONDS.toMillis(10));

		assertThat(other.isAlive()).isFalse();
		upstreamAnswers.countDown();
		slow.join();
		assertThat(admission.availableTurns()).isEqualTo(1);
	}

	@Test
	void awayWhenNotAdmittedThenJustWaits() {
		assertThat(Admission.away(() -> "answer")).isEqualTo("answer");
	}

	@Test
	void enterWhenNoLimitThenNobodyWaits() throws Exception {
		Admission admission = new Admission(0);
		Admission.Turn first = admission.enter();
		Thread second = Thread.ofVirtual().start(() -> admission.enter().close());
		second.join(TimeUnit.SECONDS.toMillis(10));

		assertThat(second.isAlive()).isFalse();
		assertThat(Admission.away(() -> "answer")).isEqualTo("answer");
		first.close();
		assertThat(admission.availableTurns()).isEqualTo(Integer.MAX_VALUE);
	}

	@Test
	void closeWhenTwiceThenTurnReturnedOnce() {
		Admission admission = new Admission(1);
		Admission.Turn turn = admission.enter();
		turn.close();
		turn.close();

		assertThat(admission.availableTurns()).isEqualTo(1);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
