/// @file
/// @brief Unit tests: entities (candidate spans, cues, gazetteers, variant merging, and the traps:
/// sentence-initial capitals, headlines, "May", possessives, hyphenated names, datelines).
#include "news/indexer/entities.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace {

namespace bdata = boost::unit_test::data;
using news::indexer::entities::Entities;
using news::indexer::entities::Extractor;

const Extractor& extractor() {
    static const Extractor instance;
    return instance;
}

/// One row: an article, the values it must give ("person:Donald Trump") and the names that must
/// be no value of any type ("Monday") or of one type ("org:Hartlepool").
struct Row {
    const char* name;
    const char* title;
    const char* body;
    std::vector<std::string> present;
    std::vector<std::string> absent;
};

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << row.name;
}

const std::vector<std::string>& values(const Entities& e, const std::string& type) {
    if (type == "person") {
        return e.person;
    }
    if (type == "place") {
        return e.place;
    }
    return e.org;
}

bool has(const std::vector<std::string>& v, const std::string& value) {
    return std::find(v.begin(), v.end(), value) != v.end();
}

std::string describe(const Entities& e) {
    std::string out;
    for (const char* type : {"person", "place", "org"}) {
        out += std::string(type) + ":[";
        for (const auto& v : values(e, type)) {
            out += v + ";";
        }
        out += "] ";
    }
    return out;
}

const std::vector<Row> rows = {
    // candidate spans
    {"multi_word_names_are_one_span",
     "",
     "Officials in New York met Jean-Claude Juncker and Ursula von der Leyen on Friday.",
     {"place:New York", "person:Jean-Claude Juncker", "person:Ursula von der Leyen"},
     {"Friday", "Officials"}},
    {"connectors_join_organisation_names",
     "",
     "The Bank of England and the Securities and Exchange Commission said rates would rise.",
     {"org:Bank of England", "org:Securities and Exchange Commission"},
     {"The Bank of England"}},
    {"initials_stay_inside_the_name",
     "",
     "George W. Bush spoke in St. Louis on Tuesday.",
     {"person:George W. Bush", "place:St. Louis"},
     {"Tuesday", "St"}},
    {"initials_get_their_full_stop",
     "",
     "Later, George W Bush said he disagreed.",
     {"person:George W. Bush"},
     {"George W Bush"}},
    {"arabic_particles_are_part_of_the_name",
     "",
     "Syrian President Bashar al-Assad met officials in Damascus.",
     {"person:Bashar al-Assad", "place:Damascus"},
     {"Syrian", "Syria"}},
    // cues
    {"a_title_makes_a_person",
     "",
     "The talks were led by Sen. Elizabeth Warren and Mr. Okonjo.",
     {"person:Elizabeth Warren", "person:Okonjo"},
     {"Sen. Elizabeth Warren", "Mr. Okonjo"}},
    {"a_lower_case_title_makes_a_person",
     "",
     "The company's chairman Ngozi Adeyemi resigned, and spokesman Lars Pettersen agreed.",
     {"person:Ngozi Adeyemi", "person:Lars Pettersen"},
     {}},
    {"a_census_given_name_makes_a_person",
     "",
     "The award went to Adalberto Quintela of the harbour board.",
     {"person:Adalberto Quintela"},
     {}},
    {"a_firm_named_after_its_founders_is_no_person",
     "",
     "Analysts at Merrill Lynch Capital Markets and at Morgan Stanley raised their forecasts.",
     {"org:Morgan Stanley"},
     {"Merrill Lynch Capital Markets"}},
    {"a_place_named_after_someone_is_no_person",
     "",
     "Fans filled Madison Square Garden, and the couple was later seen in Santa Monica.",
     {"place:Madison Square Garden", "place:Santa Monica"},
     {}},
    {"a_name_that_speaks_is_a_person",
     "",
     "The plan was welcomed. Tarquin Oddbody said it was overdue.",
     {"person:Tarquin Oddbody"},
     {}},
    {"a_region_after_a_name_makes_a_place",
     "",
     "Troops moved into the Zyborsk region and then near Velmora, where fighting went on.",
     {"place:Zyborsk", "place:Velmora"},
     {}},
    {"organisation_words_make_an_organisation",
     "",
     "Shares of Quendra Holdings rose after the Ministry of Finance and the Tarrow Party spoke.",
     {"org:Quendra Holdings", "org:Ministry of Finance", "org:Tarrow Party"},
     {}},
    {"a_given_name_makes_a_person",
     "",
     "The report was written by reporter Hayden Cunningham.",
     {"person:Hayden Cunningham"},
     {}},
    {"demonyms_name_no_place",
     "",
     "North Korean troops joined Russian forces, British officials said.",
     {},
     {"North Korean", "Russian", "British", "North Korea", "Russia", "Britain"}},
    {"titles_after_a_demonym_split_the_span",
     "",
     "Russian President Vladimir Putin warned the West on Sunday.",
     {"person:Vladimir Putin"},
     {"Russian President Vladimir Putin", "Russian", "Sunday"}},
    {"a_town_before_a_state_or_country_is_a_place",
     "",
     "It sold plants in Tarrowby, Ill., and in Quenford, Ohio, and a mill in Vasquera, Brazil. "
     "Merrow said Ill. workers were paid. Its Ravelston, Britain's oldest, closed.",
     {"place:Tarrowby", "place:Illinois", "place:Quenford", "place:Ohio", "place:Vasquera",
      "place:Brazil"},
     {"Merrow", "Ravelston"}},
    {"acronyms_in_brackets_name_the_long_form",
     "",
     "Ukraine will use the Army Tactical Missile System (ATACMS). The Velorian Trade Council "
     "(VTC) objected. Later the VTC said ATACMS strikes would go on.",
     {"org:ATACMS", "org:Velorian Trade Council"},
     {"Army Tactical Missile System", "VTC", "Ukraine will"}},
    // variant merging
    {"a_surname_is_the_fuller_name_in_the_article",
     "",
     "President-elect Donald Trump spoke. Trump said that Trump's plan would work.",
     {"person:Donald Trump"},
     {"Trump", "Trump's", "President-elect Donald Trump"}},
    {"a_surname_alone_is_the_gazetteer_name",
     "",
     "Putin said the strikes would be answered.",
     {"person:Vladimir Putin"},
     {"Putin"}},
    {"a_common_surname_needs_a_title",
     "",
     "Mr Brown said the budget was fair. Brown sugar prices rose.",
     {"person:Gordon Brown"},
     {"Brown"}},
    {"a_shorter_form_of_a_name_is_the_longer",
     "",
     "Kim Kardashian West posted a photo. Kim Kardashian later deleted it.",
     {"person:Kim Kardashian West"},
     {"Kim Kardashian"}},
    {"us_forms_are_one_place",
     "",
     "The U.S. and the US army, the United States and America agreed.",
     {"place:United States"},
     {"U.S.", "US", "America"}},
    {"dprk_is_north_korea",
     "",
     "The DPRK fired a missile. North Korea denied it.",
     {"place:North Korea"},
     {"DPRK"}},
    {"a_capital_acting_as_government_is_its_country",
     "",
     "Pyongyang said the tests would continue.",
     {"place:North Korea"},
     {"Pyongyang"}},
    {"a_capital_otherwise_is_the_city",
     "",
     "Troops paraded in Pyongyang on Sunday.",
     {"place:Pyongyang"},
     {"North Korea"}},
    {"royal_titles_stay_with_a_given_name",
     "",
     "Prince Harry and Lady Gaga attended.",
     {"person:Prince Harry", "person:Lady Gaga"},
     {"Harry", "Gaga"}},
    // traps
    {"sentence_initial_words_are_no_names",
     "",
     "Officials said the deal was close. However, Critics disagreed. Analysts expect more.",
     {},
     {"Officials", "However", "Critics", "Analysts"}},
    {"all_caps_headlines_give_only_known_names",
     "JAPAN SAYS US TRADE DEFICIT WILL FALL SHARPLY",
     "Tokyo officials said the figures were due next week.",
     {"place:Japan", "place:Tokyo"},
     {"Says", "Trade", "Deficit", "Sharply", "SAYS", "TRADE"}},
    {"title_case_headlines_give_only_known_names",
     "Rising Urgency Among Allies Over Kyiv",
     "The talks went on.",
     {"place:Kyiv"},
     {"Rising Urgency", "Allies", "Rising Urgency Among Allies"}},
    {"may_the_month_is_no_name",
     "",
     "In May the talks resumed. Theresa May said on May 3 that Mrs May would stay.",
     {"person:Theresa May"},
     {"May"}},
    {"possessives_are_stripped",
     "",
     "Biden's decision and NATO's response came after Moscow's move.",
     {"person:Joe Biden", "org:NATO", "place:Moscow"},
     {"Biden's", "NATO's", "Moscow's"}},
    {"hyphenated_names_of_known_parts_split",
     "",
     "The Biden-Harris administration discussed the Ukraine-Russia war.",
     {"person:Joe Biden", "place:Ukraine", "place:Russia"},
     {"Biden-Harris", "Ukraine-Russia"}},
    {"reuters_datelines_give_the_place",
     "",
     "WASHINGTON, March 3 - The Federal Reserve left rates unchanged on Tuesday.",
     {"place:Washington", "org:Federal Reserve"},
     {"March", "Tuesday", "WASHINGTON"}},
    {"bylines_and_boilerplate_are_no_entities",
     "",
     "Kursk officials fled.\n\nCopyright Reuters Limited. All Rights Reserved.\n\n5 Min Read\n",
     {},
     {"Reuters Limited", "Min Read", "All Rights Reserved"}},
    {"quotes_start_sentences",
     "",
     "He said: \"United States is at war with Russia.\" Nothing more.",
     {"place:United States", "place:Russia"},
     {"Nothing"}},
    {"unknown_capitalised_phrases_without_cues_are_dropped",
     "",
     "It was called the Deep State by some, and a Hail Mary by others.",
     {},
     {"Deep State", "Hail Mary"}},
    // a company's cues on unknown names
    {"a_name_that_said_it_is_a_company",
     "",
     "Velmora said it would close two plants. Analysts expected the move.",
     {"org:Velmora"},
     {"person:Velmora"}},
    {"shares_stakes_and_spokesmen_cue_companies",
     "",
     "Investors bought shares of Tarvex on the news, and Holm Partners took a stake in Orlanda. "
     "A spokesman for Quillon Foods declined to comment.",
     {"org:Tarvex", "org:Orlanda", "org:Quillon Foods"},
     {"place:Orlanda", "person:Quillon Foods"}},
    {"possessives_and_acquisitions_cue_companies",
     "",
     "Brannock's chief executive resigned after Dellacorp agreed to acquire Fenwright for cash. "
     "Zanther shares fell 2 pct.",
     {"org:Brannock", "org:Fenwright", "org:Zanther"},
     {"person:Brannock"}},
    {"a_lone_company_word_or_a_named_person_is_no_company",
     "",
     "Treasury Secretary James Baker met bankers. Baker said it was time to act, and Inc said it "
     "would not.",
     {"person:James Baker"},
     {"org:Baker", "org:Inc"}},
    {"acronyms_in_prose_are_organisations",
     "INSEE FIGURES SHOW GROWTH",
     "The figures from INSEE showed growth, and CCF bought bonds at 10 GMT, the NOTE said. GDP "
     "rose.",
     {"org:INSEE", "org:CCF"},
     {"GMT", "NOTE", "GDP", "FIGURES", "SHOW"}},
    {"a_company_apposition_types_the_name_before_it",
     "",
     "Talvoro, a unit of Brenick Holdings, said profits rose. Osterra, a Dallas-based maker of "
     "valves, was sold. Grantley, which makes pumps, grew. Ulverton, the company's home town, "
     "cheered. Marda Nolte, a company spokesman, declined to comment. Vera Drake, which won "
     "prizes, opened.",
     {"org:Talvoro", "org:Brenick Holdings", "org:Osterra", "org:Grantley", "place:Dallas"},
     {"org:Ulverton", "org:Marda Nolte", "org:Vera Drake"}},
    {"for_joins_an_organisation_name_and_and_joins_a_known_one",
     "",
     "The National Company for Cooperative Insurance raised prices. The Organisation for Economic "
     "Co-operation and Development met in Paris.",
     {"org:National Company for Cooperative Insurance", "org:OECD", "place:Paris"},
     {"org:National Company", "org:Cooperative Insurance"}},
    {"a_full_name_whose_surname_speaks_later_is_a_person",
     "",
     "Yesterday Hayden Cunningham wrote the report. Cunningham said it was late. Deep State "
     "theories spread, the State said.",
     {"person:Hayden Cunningham"},
     {"Deep State", "org:Cunningham"}},
    {"technical_terms_in_capitals_are_no_organisations",
     "",
     "Sales of DVD players, HDTV sets and USB drives rose, the QVRA said. A UAV crashed.",
     {"org:QVRA"},
     {"DVD", "HDTV", "USB", "UAV"}},
    {"capitals_for_emphasis_and_contractions_are_no_organisations",
     "",
     "Many people were stunned. She said she would NEVER EVER return, and PEOPLE agreed. We're "
     "told "
     "it was over, and Quarvis said it would sue. LOL.",
     {"org:Quarvis"},
     {"NEVER", "EVER", "PEOPLE", "We're", "LOL"}},
    {"a_name_that_begins_with_a_common_word_is_no_person",
     "",
     "Fans said they Hate Rachel Veltman now. Veltman said she did not hate anyone.",
     {},
     {"person:Hate Rachel Veltman", "person:Hate Rachel"}},
    {"company_words_of_business_news_make_organisations",
     "",
     "Analysts at Brackley Brothers said Harwell Instruments would buy Pennock Foods.",
     {"org:Brackley Brothers", "org:Harwell Instruments", "org:Pennock Foods"},
     {"person:Brackley Brothers"}},
    {"and_joins_a_short_name_to_an_organisation_word_not_two_organisations",
     "",
     "The Department of Health and Human Services wrote to the Brenwick Valley Trust and "
     "Marlow County Council on Monday. Pellow Brant Hask and Co bought it.",
     {"org:Department of Health and Human Services", "org:Brenwick Valley Trust",
      "org:Marlow County Council", "org:Pellow Brant Hask and Co"},
     {"Brenwick Valley Trust and Marlow County Council"}},
    {"ticker_symbols_are_no_names_and_known_names_may_hold_digits",
     "",
     "Norfolk Southern Corp <NSC> and Penvale Corp <WELG> met. The G8 and MI5 said the A4 "
     "road was shut.",
     {"org:Norfolk Southern Corp", "org:Penvale Corp", "org:G8", "org:MI5"},
     {"NSC", "National Security Council", "WELG", "A4"}},
    {"in_a_sports_report_a_town_may_stand_for_its_club",
     "",
     "Harlow boss Martin Allen said the striker would play. After the penalty, the defender "
     "and the goalkeeper argued. Harlow beat Chicago in the Premier League. Squad: Dimitri "
     "Yachvili (Tarbiac), Pierre Mignoni (Clermont).",
     {"org:Harlow", "org:Chicago", "org:Tarbiac", "org:Clermont", "person:Martin Allen"},
     {"place:Chicago", "Premier League"}},
    {"outside_sports_reports_towns_stay_places",
     "",
     "Harlow boss Martin Allen said the mill would close. Tarbuck beat Chicago to the deal.",
     {"place:Chicago"},
     {"org:Harlow", "org:Chicago"}},
    {"events_and_awards_name_no_organisation_nor_a_place_inside",
     "",
     "Tarbiac won the FA Cup and the New York Marathon before the Brit Awards. Initially "
     "Quorvane said it would sue. Former Harlow players said it was ASAP.",
     {"org:Quorvane"},
     {"FA Cup", "FA", "org:FA", "New York", "New York Marathon", "Brit Awards",
      "Initially Quorvane", "ASAP", "Former Harlow"}},
    {"according_to_and_a_spokesman_after_a_name_make_an_organisation",
     "",
     "Sales fell 3%, according to Vantrel. A Quorvane spokesman declined to comment. Hayden "
     "Cunningham said no, and a Cunningham spokesman agreed.",
     {"org:Vantrel", "org:Quorvane", "person:Hayden Cunningham"},
     {"org:Cunningham"}},
    {"peoples_before_a_capital_is_part_of_the_name",
     "",
     "The Democratic People's Republic of Korea and the People's Republic of China met. The "
     "people's choice, Harlow's, won.",
     {"place:North Korea", "place:China"},
     {"South Korea", "org:Democratic Party", "People"}},
    {"lines_of_a_hard_wrapped_paragraph_are_prose_not_headlines",
     "",
     "Penvale Corp said it is seeking to sell its\nTarrow Electrical Instrument Corp subsidiary "
     "in Hoffman\nEstates, Ill., as part of a plan to concentrate on its\nthree profitable "
     "divisions.\n\nRising Urgency Among Allies\n\nThe Kettering Group said it agreed.",
     {"org:Penvale Corp", "org:Tarrow Electrical Instrument Corp", "org:Kettering Group",
      "place:Hoffman Estates", "place:Illinois"},
     {"Rising Urgency Among Allies", "Rising Urgency", "Allies"}},
    {"a_text_of_one_paragraph_a_line_is_not_hard_wrapped",
     "",
     "This long line of a page laid out one paragraph to a line ends in a sidebar's heading, "
     "Latest Markets Update\nHarwick Ostley said the Talbrook Group was over.",
     {"person:Harwick Ostley", "org:Talbrook Group"},
     {"Latest Markets Update Harwick Ostley"}},
    // clubs, publications and acronyms
    // "in Hartlepool" is the town, "away to Hartlepool" the club
    {"a_sports_report_names_clubs_by_their_short_forms",
     "",
     "Southampton boss Harry Redknapp said his squad was ready. The striker scored twice in "
     "losing away to Hartlepool, and the defender was hurt in the match with West Ham. A "
     "penalty against AC Milan was missed, though Milan had led. Sam Hollis was born in "
     "Hartlepool.",
     {"org:Hartlepool", "org:West Ham", "org:AC Milan", "place:Hartlepool"},
     {"Milan"}},
    {"a_club_short_form_outside_sports_is_no_club",
     "",
     "Workers at the Hartlepool plant said the closure was a blow to the town.",
     {},
     {"org:Hartlepool"}},
    {"an_acronym_beside_its_full_name_is_that_name",
     "",
     "The Norland Transit Authority raised fares. NTA officials said the rise was needed. The "
     "U.S. Fisheries Inspection Service fined boats, and FIS inspectors came back.",
     {"org:Norland Transit Authority", "org:U.S. Fisheries Inspection Service"},
     {"NTA", "FIS"}},
    {"for_and_on_join_an_organisation_name",
     "",
     "The Velorian Advisory Group on Immunization met the Commission for Racial Equality. She "
     "wrote in the Times for Harry Styles fans.",
     {"org:Velorian Advisory Group on Immunization", "org:Commission for Racial Equality"},
     {"Times for Harry Styles", "Velorian Advisory Group"}},
    {"publications_by_their_cues",
     "",
     "In an interview with the Independent, he said so. The game won praise, wrote the "
     "influential Edge magazine in its review. The Nation, a liberal magazine, agreed.",
     {"org:The Independent", "org:Edge", "org:Nation"},
     {"Independent"}},
};

} // namespace

BOOST_AUTO_TEST_SUITE(entities)

BOOST_DATA_TEST_CASE(rows_give_their_values, bdata::make(rows), row) {
    auto e = extractor().extract(row.title, row.body);
    BOOST_TEST_INFO("got " << describe(e));
    for (const auto& want : row.present) {
        auto colon = want.find(':');
        BOOST_TEST(has(values(e, want.substr(0, colon)), want.substr(colon + 1)), want);
    }
    for (const auto& unwanted : row.absent) {
        // "org:Hartlepool" is no organisation; "Milan" is no value of any type
        const auto colon = unwanted.find(':');
        for (const std::string type : {"person", "place", "org"}) {
            if (colon != std::string::npos && unwanted.substr(0, colon) == type) {
                BOOST_TEST(!has(values(e, type), unwanted.substr(colon + 1)), unwanted);
            } else if (colon == std::string::npos) {
                BOOST_TEST(!has(values(e, type), unwanted), type << ":" << unwanted);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_dateline_gives_its_places_before_the_date) {
    const auto body = "Penvale Corp said it agreed to sell its unit.";
    auto e = extractor().extract("", body, "ROCKVILLE, Md., March 2");
    BOOST_TEST(e.place == (std::vector<std::string>{"Rockville", "Maryland"}),
               "got " << describe(e));
    e = extractor().extract("", body, "NEW YORK, March 4");
    BOOST_TEST(e.place == (std::vector<std::string>{"New York"}), "got " << describe(e));
    e = extractor().extract("", body, "HOFFMAN ESTATES, SEPT. 9");
    BOOST_TEST(e.place == (std::vector<std::string>{"Hoffman Estates"}), "got " << describe(e));
    // no date, a form no list knows after the first part, a non-place known form
    e = extractor().extract("", body, "LONDON, Unknownshire");
    BOOST_TEST(e.place == (std::vector<std::string>{"London"}), "got " << describe(e));
    e = extractor().extract("", body, "");
    BOOST_TEST(e.place.empty(), "got " << describe(e));
    e = extractor().extract("", body, "March 2");
    BOOST_TEST(e.place.empty(), "got " << describe(e));
}

BOOST_AUTO_TEST_CASE(values_are_unique_and_in_order_of_first_mention) {
    auto e = extractor().extract("", "Donald Trump met Joe Biden in Paris. Biden and Trump then "
                                     "flew to London, and Trump went on to Paris.");
    BOOST_TEST(e.person == (std::vector<std::string>{"Donald Trump", "Joe Biden"}),
               boost::test_tools::per_element());
    BOOST_TEST(e.place == (std::vector<std::string>{"Paris", "London"}),
               boost::test_tools::per_element());
    BOOST_TEST(e.org.empty());
}

BOOST_AUTO_TEST_CASE(empty_and_hostile_texts_give_nothing) {
    BOOST_TEST((extractor().extract("", "") == Entities{}));
    BOOST_TEST((extractor().extract("", "lower case text with no names at all.") == Entities{}));
    // Stray bytes, quotes, hyphens and full stops at the ends of the text.
    auto e = extractor().extract("'", "\"-.'s A. - U.S- X' \xE2\x80\x99 \xC3 Z.");
    BOOST_TEST(e.person.empty());
}

BOOST_AUTO_TEST_CASE(the_sample_names_are_found) {
    // The bundled sample's central names, each in a sentence of its own style.
    auto e = extractor().extract(
        "Biden Authorizes Ukraine To Use ATACMS",
        "President Joe Biden has authorized Ukraine to use the Army Tactical Missile System "
        "(ATACMS) in the Kursk region, where North Korean troops fight. President-elect Donald "
        "Trump and Russian President Vladimir Putin said little of North Korea or Russia.");
    for (const char* p : {"Joe Biden", "Donald Trump", "Vladimir Putin"}) {
        BOOST_TEST(has(e.person, p), p);
    }
    for (const char* p : {"Ukraine", "Kursk", "North Korea", "Russia"}) {
        BOOST_TEST(has(e.place, p), p);
    }
    BOOST_TEST(has(e.org, "ATACMS"));
}

BOOST_AUTO_TEST_SUITE_END()
