package dev.wxauth.emulator;

import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.util.Assert;

/**
 * Forgets everything issued and recorded (codes, tokens, faults, call counts) so that one test does not see
 * another's; the configured apps and users stay.
 */
@Component
final class EmulatorReset {

	private final List<Resettable> state;

	EmulatorReset(List<Resettable> state) {
		Assert.notNull(state, "state cannot be null");
		this.state = List.copyOf(state);
	}

	void reset() {
		this.state.forEach(Resettable::reset);
	}

}
