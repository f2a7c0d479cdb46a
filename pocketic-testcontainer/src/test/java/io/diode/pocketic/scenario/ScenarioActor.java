package io.diode.pocketic.scenario;

import io.diode.candid.CandidMethod;
import io.diode.candid.CandidService;

/**
 * The scenario canister as a typed actor, in the shape {@code diode:build} generates (this module builds no
 * Motoko, so it is written here; the plugin's invoker ITs cover the generated form).
 */
@CandidService(did = ScenarioActor.CANDID)
public interface ScenarioActor {

    String CANDID = """
            service : {
              increment : () -> (nat);
              get : () -> (nat) query;
              greet : (text) -> (text) query;
              now : () -> (int) query;
              whoami : () -> (principal) query;
              fail : () -> ();
              fetch : (text) -> (text);
            }
            """;

    @CandidMethod("increment")
    java.math.BigInteger increment();

    @CandidMethod("get")
    java.math.BigInteger get();

    @CandidMethod("greet")
    String greet(String name);

    @CandidMethod("whoami")
    io.diode.candid.Principal whoami();

    @CandidMethod("fail")
    void fail();

    @CandidMethod("fetch")
    String fetch(String url);
}
