// Real postcodes for the demo's homes and placements, so that placement
// distances and IN/OUT are real when the postcode directory is at hand.
// Taken from the ONS Postcode Directory extract the program ships
// (data/postcodes/onspd_postcodes.csv.gz, November 2025): postcodes with a
// grid reference, spread over each town's rows. Internal to demo/.
#ifndef SAFEGUARD_DEMO_POSTCODES_H_
#define SAFEGUARD_DEMO_POSTCODES_H_

#include <array>
#include <string_view>

namespace sg::demo {

// Cheshire East (E06000049), by town as the population is spread: Crewe,
// Nantwich, Middlewich, Sandbach, Congleton, Wilmslow, Macclesfield, Alsager,
// Knutsford.
inline constexpr std::array<std::string_view, 40> kCheshireEastPostcodes = {
    "CW1 1XU",  "CW1 3GX",  "CW1 4ET",  "CW1 5HP",  "CW1 6HW",  "CW2 5PW",  "CW2 6EZ",
    "CW2 6TY",  "CW2 7PG",  "CW2 8HD",  "CW5 5WQ",  "CW5 6WR",  "CW5 7SZ",  "CW10 0HD",
    "CW10 0RW", "CW10 9FP", "CW11 0ZX", "CW11 2TH", "CW11 3WE", "CW11 5SG", "CW12 1TR",
    "CW12 2PQ", "CW12 3QY", "CW12 4NJ", "SK9 2BH",  "SK9 3EZ",  "SK9 4YY",  "SK9 6NA",
    "SK10 2HD", "SK10 3LB", "SK10 4TS", "SK10 5WZ", "SK11 6FU", "SK11 7FG", "SK11 8AA",
    "SK11 8UA", "ST7 2QF",  "ST7 3EB",  "WA16 6FW", "WA16 8DU"};

// The neighbours a placement across the border often goes to: Stoke-on-Trent,
// Staffordshire (Newcastle-under-Lyme), Cheshire West and Chester (Chester,
// Northwich), Warrington, Stockport, Manchester, Trafford.
inline constexpr std::array<std::string_view, 8> kNeighbourPostcodes = {
    "ST1 4HB", "ST5 4LJ", "CH1 4NG", "CW9 7SE", "WA1 3ES", "SK1 3EY", "M14 5SR", "M33 4BQ"};

// Farther away, where specialist and residential placements often are:
// Liverpool, Birmingham, Wolverhampton, Leeds, Bolton, Blackpool, Shropshire,
// Telford and Wrekin, Derby, Nottingham, Lancashire (Preston), Southwark.
inline constexpr std::array<std::string_view, 12> kDistantPostcodes = {
    "L4 4NF",  "B15 2NU", "WV1 3QT", "LS6 2ZW", "BL1 5NL", "FY1 4LT",
    "SY1 3NZ", "TF1 4JZ", "DE1 2HH", "NG7 3LW", "PR1 4WQ", "SE15 4NS"};

}  // namespace sg::demo

#endif  // SAFEGUARD_DEMO_POSTCODES_H_
