/** Where Debian's Chromium is installed. */
export declare const CHROMIUM: string;
/** The flags every launch of it uses here. */
export declare const CHROMIUM_ARGS: string[];
