// Colours and fills: the service speaks "RRGGBB", WPS's Interior.Color is a BGR integer.
// A cell's fill is saved as the same XML as the openpyxl applier (addin/marks.py), so a
// mark made by one door can be cleared by the other.
(function (root) {
  "use strict";

  var XL_NONE = -4142; // xlPatternNone / xlColorIndexNone
  var XL_SOLID = 1; // xlPatternSolid
  // ET pattern constants <-> OOXML patternType
  var PATTERNS = {
    1: "solid", "-4125": "mediumGray", "-4126": "darkGray", "-4124": "lightGray",
    17: "gray125", 18: "gray0625", "-4128": "darkHorizontal", "-4166": "darkVertical",
    "-4121": "darkDown", "-4162": "darkUp", 9: "darkGrid", 10: "darkTrellis",
    11: "lightHorizontal", 12: "lightVertical", 13: "lightDown", 14: "lightUp",
    15: "lightGrid", 16: "lightTrellis",
  };

  function pad2(n) {
    return (n < 16 ? "0" : "") + n.toString(16).toUpperCase();
  }

  /** "FFC7CE" (RRGGBB) -> 0xCEC7FF, the BGR integer of Interior.Color. */
  function hexToBgr(hex) {
    var text = String(hex).replace(/^#/, "");
    if (!/^[0-9a-fA-F]{6}$/.test(text)) throw new Error("不是 RRGGBB 颜色：" + hex);
    var r = parseInt(text.slice(0, 2), 16);
    var g = parseInt(text.slice(2, 4), 16);
    var b = parseInt(text.slice(4, 6), 16);
    return r + g * 256 + b * 65536;
  }

  /** 0xCEC7FF (BGR integer) -> "FFC7CE". */
  function bgrToHex(bgr) {
    var n = Number(bgr) & 0xffffff;
    return pad2(n & 0xff) + pad2((n >> 8) & 0xff) + pad2((n >> 16) & 0xff);
  }

  function patternName(pattern) {
    return PATTERNS[String(pattern)] || "solid";
  }

  function patternCode(name) {
    for (var code in PATTERNS) if (PATTERNS[code] === name) return Number(code);
    return XL_SOLID;
  }

  /** A cell's fill {pattern, color, patternColor} as openpyxl's <fill> XML. */
  function fillToXml(fill) {
    if (!fill || fill.pattern === XL_NONE || fill.pattern == null) {
      return "<fill><patternFill /></fill>";
    }
    var name = patternName(fill.pattern);
    // OOXML: a solid fill's colour is fgColor; a patterned one draws fgColor over bgColor
    var fg = name === "solid" ? fill.color : fill.patternColor;
    return (
      '<fill><patternFill patternType="' + name + '">' +
      '<fgColor rgb="00' + bgrToHex(fg) + '" />' +
      '<bgColor rgb="00' + bgrToHex(fill.color) + '" />' +
      "</patternFill></fill>"
    );
  }

  function rgbAttr(xml, tag) {
    var match = new RegExp("<" + tag + "\\b[^>]*\\brgb=\"([0-9A-Fa-f]{6,8})\"").exec(xml);
    return match ? hexToBgr(match[1].slice(-6)) : null;
  }

  // SpreadsheetML theme index -> ET's XlThemeColor (the first two pairs are swapped)
  var THEME_TO_XL = { 0: 2, 1: 1, 2: 4, 3: 3 };

  /** A solid theme colour (as openpyxl saves it): {pattern, theme: XlThemeColor, tint}. */
  function themeFill(xml) {
    var match = /<fgColor\b[^>]*\btheme="(\d+)"/.exec(xml);
    if (!match) return null;
    var theme = Number(match[1]);
    var tint = /<fgColor\b[^>]*\btint="(-?[0-9.]+)"/.exec(xml);
    return {
      pattern: XL_SOLID,
      theme: theme in THEME_TO_XL ? THEME_TO_XL[theme] : theme + 1,
      tint: tint ? Number(tint[1]) : 0,
    };
  }

  /** openpyxl's <fill> XML -> {pattern, color, patternColor} (or a theme colour); anything
   *  unreadable comes back as "no fill". */
  function xmlToFill(xml) {
    var none = { pattern: XL_NONE, color: 0xffffff, patternColor: 0 };
    var match = /patternType="([A-Za-z0-9]+)"/.exec(String(xml || ""));
    if (!match || match[1] === "none") return none;
    var fg = rgbAttr(xml, "fgColor");
    var bg = rgbAttr(xml, "bgColor");
    if (match[1] === "solid") {
      if (fg === null) return themeFill(xml) || none;
      return { pattern: XL_SOLID, color: fg, patternColor: 0 };
    }
    return {
      pattern: patternCode(match[1]),
      color: bg === null ? 0xffffff : bg,
      patternColor: fg === null ? 0 : fg,
    };
  }

  var api = {
    XL_NONE: XL_NONE,
    XL_SOLID: XL_SOLID,
    hexToBgr: hexToBgr,
    bgrToHex: bgrToHex,
    fillToXml: fillToXml,
    xmlToFill: xmlToFill,
  };
  if (typeof module === "object" && module.exports) module.exports = api;
  else (root.JixiaoWps = root.JixiaoWps || {}).colors = api;
})(this);
