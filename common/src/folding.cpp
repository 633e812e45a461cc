/// @file
/// @brief Accent folding with ICU's normalisers.
#include "news/common/folding.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xapian.h>

#include <algorithm>

namespace news::folding {
namespace {

bool is_ascii_byte(char c) {
    return (static_cast<unsigned char>(c) & 0x80U) == 0;
}

const icu::Normalizer2* instance(bool decompose) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = decompose ? icu::Normalizer2::getNFKDInstance(status)
                                                   : icu::Normalizer2::getNFCInstance(status);
    return U_SUCCESS(status) ? normalizer : nullptr;
}

// One run of non-ASCII text, folded; the run itself when ICU is unavailable.
std::string fold_run(std::string_view run) {
    static const icu::Normalizer2* const nfkd = instance(true);
    static const icu::Normalizer2* const nfc = instance(false);
    if (nfkd == nullptr || nfc == nullptr) {
        return std::string(run);
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::UnicodeString source = icu::UnicodeString::fromUTF8(
        icu::StringPiece(run.data(), static_cast<int32_t>(run.size())));
    const icu::UnicodeString decomposed = nfkd->normalize(source, status);
    if (U_FAILURE(status)) {
        return std::string(run);
    }
    icu::UnicodeString kept;
    for (int32_t i = 0; i < decomposed.length();) {
        const UChar32 c = decomposed.char32At(i);
        if (u_charType(c) != U_NON_SPACING_MARK) {
            kept.append(c);
        }
        i += U16_LENGTH(c);
    }
    const icu::UnicodeString composed = nfc->normalize(kept, status);
    if (U_FAILURE(status)) {
        return std::string(run);
    }
    std::string out;
    composed.toUTF8String(out);
    return out;
}

} // namespace

bool is_ascii(std::string_view text) noexcept {
    return std::all_of(text.begin(), text.end(), is_ascii_byte);
}

std::string fold_accents(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t run_start = i;
        const bool ascii = is_ascii_byte(text[i]);
        while (i < text.size() && is_ascii_byte(text[i]) == ascii) {
            ++i;
        }
        const std::string_view run = text.substr(run_start, i - run_start);
        if (ascii) {
            out += run;
        } else {
            out += fold_run(run);
        }
    }
    return out;
}

std::string fold_case_and_accents(std::string_view text) {
    // ASCII has no accents, and Xapian lower-cases it as A-Z to a-z: a shortcut for most words.
    if (std::all_of(text.begin(), text.end(), [](char c) { return is_ascii_byte(c); })) {
        std::string out(text);
        for (char& c : out) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        return out;
    }
    const std::string folded = fold_accents(text);
    std::string out;
    out.reserve(folded.size());
    for (Xapian::Utf8Iterator it(folded); it != Xapian::Utf8Iterator(); ++it) {
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
    }
    return out;
}

} // namespace news::folding
