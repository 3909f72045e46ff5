// Stop strings across token boundaries, held-back text, UTF-8 hold-back, EOG and max_tokens.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/sampling/generation_stop.h"

using namespace perimeter::engine;

namespace {
// Streams pieces through a matcher; returns what a UI would have shown.
std::string stream(StopMatcher& m, const std::vector<std::string>& pieces, bool* stopped = nullptr) {
    std::string shown;
    for (const auto& p : pieces) {
        auto r = m.push(p);
        shown += r.text;
        if (r.stopped) {
            if (stopped) *stopped = true;
            return shown;
        }
    }
    shown += m.flush();
    if (stopped) *stopped = false;
    return shown;
}
}  // namespace

TEST(StopMatcher, MatchesAcrossTokenBoundaries) {
    StopMatcher m({"\n\nUser:"});
    bool stopped = false;
    EXPECT_EQ(stream(m, {"Hello", "\n", "\nUs", "er:", " more"}, &stopped), "Hello");
    EXPECT_TRUE(stopped);
    EXPECT_EQ(m.matched(), 0);
    EXPECT_TRUE(m.push("after").text.empty());
}

TEST(StopMatcher, HoldsBackPossiblePrefixThenReleases) {
    StopMatcher m({"</answer>"});
    auto r1 = m.push("Revenue rose <");
    EXPECT_EQ(r1.text, "Revenue rose ");  // "<" could start the stop string
    EXPECT_EQ(m.held(), 1u);
    auto r2 = m.push("/ans");
    EXPECT_EQ(r2.text, "");
    EXPECT_EQ(m.held(), 5u);
    auto r3 = m.push("wer");  // "</answer" still a prefix
    EXPECT_EQ(r3.text, "");
    auto r4 = m.push("ed 12%");  // not the stop string after all
    EXPECT_EQ(r4.text, "</answered 12%");
    EXPECT_FALSE(r4.stopped);
    EXPECT_EQ(m.flush(), "");
}

TEST(StopMatcher, EarliestOfSeveralStopsAndTextBeforeInSamePiece) {
    StopMatcher m({"###", "\nQ:"});
    bool stopped = false;
    EXPECT_EQ(stream(m, {"a\nQ", ":b###"}, &stopped), "a");
    EXPECT_TRUE(stopped);
    EXPECT_EQ(m.matched(), 1);
    StopMatcher m2({"###", "\nQ:"});
    EXPECT_EQ(stream(m2, {"x##", "# y"}, &stopped), "x");
    EXPECT_EQ(m2.matched(), 0);
}

TEST(StopMatcher, StopStringInsideOnePieceAndOverlappingPrefixes) {
    StopMatcher m({"abab"});
    bool stopped = false;
    // "xaba" + "bab" = "xababab": the first match starts at index 1, inside the held-back "aba".
    EXPECT_EQ(stream(m, {"xaba", "bab"}, &stopped), "x");
    StopMatcher m2({"abab"});
    EXPECT_EQ(stream(m2, {"xab", "aab", "ab"}, &stopped), "xaba");
    EXPECT_TRUE(stopped);
}

TEST(StopMatcher, HoldsBackIncompleteUtf8) {
    StopMatcher m;
    // "€" = E2 82 AC split over three tokens (byte-fallback vocabularies do this).
    EXPECT_EQ(m.push("cost \xE2").text, "cost ");
    EXPECT_EQ(m.push("\x82").text, "");
    EXPECT_EQ(m.push("\xAC" "5").text, "\xE2\x82\xAC" "5");
    EXPECT_EQ(utf8_incomplete_tail("ab\xF0\x9F\x98"), 3u);
    EXPECT_EQ(utf8_incomplete_tail("ab\xF0\x9F\x98\x80"), 0u);
    EXPECT_EQ(utf8_incomplete_tail("\x80\x80\x80\x80"), 0u);
}

TEST(GenerationStop, EogFlushesHeldTextAndHidesToken) {
    SamplingParams sp;
    sp.stop = {"\nUser"};
    GenerationStop gs(sp, {2, 7});
    EXPECT_EQ(gs.on_token(10, "Done.").text, "Done.");
    EXPECT_EQ(gs.on_token(11, "\n").text, "");  // held: could start "\nUser"
    auto s = gs.on_token(2, "<|im_end|>");
    EXPECT_EQ(s.text, "\n");
    EXPECT_EQ(s.reason, StopReason::Eog);
    EXPECT_EQ(stop_reason_name(gs.reason()), "eog");
    EXPECT_TRUE(gs.is_eog(7));
    EXPECT_FALSE(gs.is_eog(3));
}

TEST(GenerationStop, MaxTokensAndStopString) {
    SamplingParams sp;
    sp.max_tokens = 3;
    sp.stop = {"STOP"};
    GenerationStop gs(sp, {0});
    EXPECT_EQ(gs.on_token(5, "a").reason, StopReason::None);
    EXPECT_EQ(gs.on_token(5, "S").text, "");
    auto s = gs.on_token(5, "T");  // budget reached: held "ST" is released
    EXPECT_EQ(s.reason, StopReason::MaxTokens);
    EXPECT_EQ(s.text, "ST");
    EXPECT_EQ(gs.on_token(5, "x").reason, StopReason::MaxTokens);

    gs.reset();
    EXPECT_EQ(gs.on_token(5, "xxS").text, "xx");
    auto t = gs.on_token(5, "TOPyy");
    EXPECT_EQ(t.reason, StopReason::StopString);
    EXPECT_EQ(t.text, "");
}
