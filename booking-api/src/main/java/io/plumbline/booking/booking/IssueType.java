package io.plumbline.booking.booking;

/** The repairs the company offers (the seed's three issue types). */
public enum IssueType {
    /** 누수/방수 */
    LEAK,
    /** 변기/하수구 막힘 */
    CLOG,
    /** 보일러/배관 청소 */
    BOILER
}
