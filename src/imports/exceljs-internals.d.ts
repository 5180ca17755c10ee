// exceljs's own helpers behind the cell values its loader gives (they ship without types). The streaming xlsx reader
// uses them so a date, a number format and a shared formula read exactly as they did through exceljs.

declare module 'exceljs/lib/utils/utils.js' {
  const utils: {
    /** True when a number format shows a date or time (y, m, d, h, s outside quotes and brackets). */
    isDateFmt(format: string | undefined): boolean;
    /** An Excel serial day as a Date (UTC), in the 1900 or the 1904 date system. */
    excelToDate(serial: number, date1904: boolean): Date;
  };
  export default utils;
}

declare module 'exceljs/lib/xlsx/xform/style/numfmt-xform.js' {
  const NumFmtXform: {
    /** The format code of a built-in number format id (14 is mm-dd-yy…); undefined when the id is not built in. */
    getDefaultFmtCode(numFmtId: number): string | undefined;
  };
  export default NumFmtXform;
}

declare module 'exceljs/lib/utils/shared-formula.js' {
  const sharedFormula: {
    /** A shared formula as it reads in another cell: relative references moved by the distance between the two. */
    slideFormula(formula: string, fromAddress: string, toAddress: string): string;
  };
  export default sharedFormula;
}
