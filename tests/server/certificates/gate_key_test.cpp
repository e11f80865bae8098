#include "server/certificates/gate_key.hpp"

#include <doctest/doctest.h>

using craftmark::certificates::gate_key;

TEST_CASE(
    "the knowledge gate ignores spaces, ASCII letter case and full-width forms, nothing else") {
    std::string id = "01JDX7Q4K9M2T8V5R3N6P1W0ZA";
    CHECK(gate_key(id, "Li Ming") == gate_key(id, " liming "));
    CHECK(gate_key(id, "张三丰") == gate_key(id, "张　三丰")); // ideographic space
    // Typed with a Chinese input method in full-width mode, or with a no-break space.
    CHECK(gate_key(id, "Zhang Sanfeng") == gate_key(id, "ＺＨＡＮＧ　ＳＡＮＦＥＮＧ"));
    CHECK(gate_key(id, "CM2026000001") == gate_key(id, "ＣＭ２０２６０００００１"));
    CHECK(gate_key(id, "Li Ming") == gate_key(id, "Li\u00a0Ming"));
    CHECK(gate_key(id, "王𠀀䶮") == gate_key(id, " 王 𠀀 䶮 "));
    CHECK(gate_key(id, "张三丰") != gate_key(id, "张三"));
    CHECK(gate_key(id, "Müller") != gate_key(id, "Muller")); // letters are not folded further
    CHECK(gate_key(id, "张三丰") != gate_key("01JDX7Q4K9M2T8V5R3N6P1W0ZB", "张三丰"));
    CHECK(gate_key(id, "x").size() == 64);
}
