/// @file
/// @brief Fuzz target: the UTF-8 check and repair (news::text), against a validator of its own.
#include "news/common/text.hpp"

#include "fuzz_check.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace {

using news::fuzz::check;

// RFC 3629 UTF-8, written independently of news::text: no overlong forms, no surrogates,
// nothing above U+10FFFF.
bool reference_valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        std::size_t length = 0;
        std::uint32_t cp = 0;
        if (lead < 0x80) {
            ++i;
            continue;
        }
        if ((lead & 0xE0U) == 0xC0) {
            length = 2;
            cp = lead & 0x1FU;
        } else if ((lead & 0xF0U) == 0xE0) {
            length = 3;
            cp = lead & 0x0FU;
        } else if ((lead & 0xF8U) == 0xF0) {
            length = 4;
            cp = lead & 0x07U;
        } else {
            return false;
        }
        if (i + length > s.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(s[i + k]);
            if ((next & 0xC0U) != 0x80) {
                return false;
            }
            cp = (cp << 6U) | (next & 0x3FU);
        }
        constexpr std::uint32_t min_for_length[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_for_length[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += length;
    }
    return true;
}

constexpr std::string_view bom = "\xEF\xBB\xBF";

// What a repair must give: valid UTF-8 without control characters (tab and newline kept), each
// input byte giving at most three, and nothing left to repair in it.
void check_clean(const news::text::CleanText& clean, std::string_view input) {
    check(news::text::is_valid_utf8(clean.text), "repaired text is not valid UTF-8");
    check(reference_valid_utf8(clean.text), "repaired text is not valid UTF-8 (reference)");
    check(news::fuzz::has_no_controls(clean.text), "repaired text holds a control character");
    check(clean.text.size() <= 3 * input.size(), "repaired text grew more than 3 bytes a byte");
    check(clean.transcoded_bytes + clean.removed_controls <= input.size(),
          "more repairs counted than bytes read");
    // A second pass has nothing to do, but drop what now starts the text and looks like a
    // byte-order mark (a U+FEFF that followed a first one or a dropped control character).
    std::string_view again = clean.text;
    while (again.substr(0, bom.size()) == bom) {
        again.remove_prefix(bom.size());
    }
    const auto second = news::text::repair_utf8(again);
    const auto* twice = std::get_if<news::text::CleanText>(&second);
    check(twice != nullptr, "repaired text is unreadable on a second pass");
    check(twice->text == again && twice->transcoded_bytes == 0 && twice->removed_controls == 0,
          "repair is not idempotent");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes = news::fuzz::as_text(data, size);
    const bool valid = reference_valid_utf8(bytes);
    check(news::text::is_valid_utf8(bytes) == valid, "is_valid_utf8 disagrees with RFC 3629");

    const auto repaired = news::text::repair_utf8(bytes);
    if (const auto* clean = std::get_if<news::text::CleanText>(&repaired)) {
        check_clean(*clean, bytes);
        // Clean text passes unchanged.
        if (valid && news::fuzz::has_no_controls(bytes) && bytes.substr(0, bom.size()) != bom) {
            check(clean->text == bytes, "valid text without controls was changed");
            check(clean->transcoded_bytes == 0 && clean->removed_controls == 0,
                  "valid text without controls counted repairs");
        }
    } else {
        const auto& unreadable = std::get<news::text::Unreadable>(repaired);
        check(!valid, "valid UTF-8 called unreadable");
        check(!unreadable.reason.empty() && news::text::is_valid_utf8(unreadable.reason),
              "unreadable without a printable reason");
    }

    const auto cleaned = news::text::clean_utf8(bytes);
    if (const auto* clean = std::get_if<news::text::CleanText>(&cleaned)) {
        check(!news::text::looks_binary(bytes), "binary-looking bytes were read as text");
        check_clean(*clean, bytes);
    } else {
        check(news::text::looks_binary(bytes) ||
                  std::holds_alternative<news::text::Unreadable>(repaired),
              "clean_utf8 refused what repair_utf8 reads and is not binary");
    }
    return 0;
}
