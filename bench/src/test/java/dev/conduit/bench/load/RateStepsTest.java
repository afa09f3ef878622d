package dev.conduit.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateStepsTest {

  @Test
  void stepsUpUntilABreakThenBisects() {
    List<Double> tried = new ArrayList<>();

    RateSteps.search(10, 1.5, 8, 2, rate -> tried.add(rate) && rate <= 27);

    assertThat(tried).containsExactly(10.0, 15.0, 22.5, 33.8, 28.2, 25.4);
  }

  @Test
  void stepsDownWhenTheFirstStepAlreadyBreaks() {
    List<Double> tried = new ArrayList<>();

    RateSteps.search(100, 2, 8, 1, rate -> tried.add(rate) && rate <= 20);

    assertThat(tried).containsExactly(100.0, 50.0, 25.0, 12.5, 18.8);
  }

  @Test
  void stopsAfterMaxStepsWhenNothingBreaks() {
    List<Double> tried = new ArrayList<>();

    RateSteps.search(1, 2, 4, 2, rate -> tried.add(rate));

    assertThat(tried).containsExactly(1.0, 2.0, 4.0, 8.0);
  }
}
