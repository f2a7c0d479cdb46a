// Certified data: an update sets it, a query hands out the subnet's certificate of it (ic0.data_certificate_*).
import CertifiedData "mo:core/CertifiedData";

persistent actor {
  public func set(data : Blob) : async () {
    CertifiedData.set(data)
  };

  public query func certificate() : async ?Blob {
    CertifiedData.getCertificate()
  };

  /// In an update a certificate is never available.
  public func certificateInUpdate() : async Bool {
    CertifiedData.getCertificate() != null
  };
};
