// Package lead turns the lists people bring (LinkedIn's Connections.csv, Sales
// Navigator scraper exports, Apollo, HubSpot, any spreadsheet) into normalised
// paceline.Lead values and finds the same person arriving twice.
//
// The pieces, each usable alone:
//   - Reader streams a CSV file of any size: it tells the encoding (UTF-8 with or
//     without BOM, UTF-16, Windows-1252) and the delimiter, skips a preamble, maps the
//     header through a preset, and yields one Row per record with the physical line it
//     starts on and, for a rejected row, why. Memory stays bounded by one record.
//   - CanonicalProfileKey and CanonicalEmail give the keys a person is known by.
//   - CleanName, CompanyKey, ClassifyTitle, TimeZoneFor and ParseEmployees normalise
//     the other fields; a Normalizer remembers their answers within one file.
//   - Index maps keys to lead ids, holding only hashes, and reports duplicates and
//     merges.
//
// The package reads no clock and opens no file; storage is the caller's business.
package lead
