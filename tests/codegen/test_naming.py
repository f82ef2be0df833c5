"""vspk's Python names for spec names, and nuagesdk's readable variants."""

from __future__ import annotations

import pytest

from nuagesdk.codegen import naming

# Remote names whose vspk local name differs from a textbook camelCase to
# snake_case conversion, grouped by cause.
REPLACEMENT_TABLE_CASES = [
    ("associatedFloatingIPID", "associated_floating_ip_id"),
    ("associatedIPv6FilterProfileID", "associated_ipv6_filter_profile_id"),
    ("associatedIPv6FilterProfileName", "associated_ipv6_filter_profile_name"),
    ("associatedSecondaryFIPID", "associated_secondary_f_ip_id"),
    ("associatedSecondaryFloatingIPID", "associated_secondary_floating_ip_id"),
    ("associatedVCenterHypervisorID", "associated_vcenter_hypervisor_id"),
    ("associatedVCenterID", "associated_vcenter_id"),
    ("associatedVPortID", "associated_vport_id"),
    ("assocVCenterDataCenterID", "assoc_vcenter_data_center_id"),
    ("assocVCenterID", "assoc_vcenter_id"),
    ("BFDDestinationIPv6", "bfd_destination_ipv6"),
    ("deletedFromVCenter", "deleted_from_vcenter"),
    ("deletedFromVCenterDataCenter", "deleted_from_vcenter_data_center"),
    ("enableDHCPv4", "enable_dhcpv4"),
    ("enableDHCPv6", "enable_dhcpv6"),
    ("esGroupVPortInfos", "es_group_vport_infos"),
    ("IPv4IBGPMaxPaths", "ipv4_ibgp_max_paths"),
    ("IPv6address", "ipv6address"),
    ("IPv6Address", "ipv6_address"),
    ("IPv6AddressOverride", "ipv6_address_override"),
    ("IPv6ExtendedPrefixesEnabled", "ipv6_extended_prefixes_enabled"),
    ("IPv6Gateway", "ipv6_gateway"),
    ("IPv6IBGPMaxPaths", "ipv6_ibgp_max_paths"),
    ("loopbackIntfIPv4Address", "loopback_intf_ipv4_address"),
    ("loopbackIntfIPv6Address", "loopback_intf_ipv6_address"),
    ("multiNICVPortEnabled", "multi_nic_vport_enabled"),
    ("multiNICVPortID", "multi_nic_vport_id"),
    ("multiNICVPortName", "multi_nic_vport_name"),
    ("redirectVPortTagID", "redirect_vport_tag_id"),
    ("removedFromVCenterInventory", "removed_from_vcenter_inventory"),
    ("serviceIPv4Subnet", "service_ipv4_subnet"),
    ("uplinkVPortName", "uplink_vport_name"),
    ("vCenterIP", "vcenter_ip"),
    ("vCenterPassword", "vcenter_password"),
    ("vCenterUser", "vcenter_user"),
    ("VPortID", "vport_id"),
    ("VPortInitStatefulTimer", "vport_init_stateful_timer"),
    ("VPortName", "vport_name"),
    ("vrrpIPv6BackupAddress", "vrrp_ipv6_backup_address"),
]

_LICENSE_COUNTERS = ["AVRSG", "AVRS", "NIC", "NSG", "OVRS", "VDFG", "VDF", "VM"]
_LICENSE_COUNTERS += ["VRSG", "VRS"]

PLURAL_ACRONYM_CASES = [
    ("allowAllDestinationNSGs", "allow_all_destination_nsgs"),
    ("allowAllSourceNSGs", "allow_all_source_nsgs"),
    ("allowedAVRSGsCount", "allowed_avrsgs_count"),
    ("allowedAVRSsCount", "allowed_avrss_count"),
    ("allowedCPEsCount", "allowed_cpes_count"),
    ("allowedNICsCount", "allowed_nics_count"),
    ("allowedOVRSsCount", "allowed_ovrss_count"),
    ("allowedVDFGsCount", "allowed_vdfgs_count"),
    ("allowedVDFsCount", "allowed_vdfs_count"),
    ("allowedVMsCount", "allowed_vms_count"),
    ("allowedVRSGsCount", "allowed_vrsgs_count"),
    ("allowedVRSsCount", "allowed_vrss_count"),
    ("associatedGatewayIDs", "associated_gateway_ids"),
    ("destinationNSGs", "destination_nsgs"),
    ("domainIDs", "domain_ids"),
    ("egressACLs", "egress_acls"),
    ("fipACLs", "fip_acls"),
    ("floatingIPsQuota", "floating_ips_quota"),
    ("floatingIPsUsed", "floating_ips_used"),
    ("ingressACLs", "ingress_acls"),
    ("ingressExternalServiceACLs", "ingress_external_service_acls"),
    ("l2DomainIDs", "l2_domain_ids"),
    ("metadataTagIDs", "metadata_tag_ids"),
    ("netconfGatewayIDs", "netconf_gateway_ids"),
    ("parentIDs", "parent_ids"),
    ("redundancyPortIDs", "redundancy_port_ids"),
    ("reservedSPATIPs", "reserved_spatips"),
    ("sourceNSGs", "source_nsgs"),
    ("subnetIDs", "subnet_ids"),
    ("syslogDestinationIDs", "syslog_destination_ids"),
    ("zoneIDs", "zone_ids"),
]
PLURAL_ACRONYM_CASES += [
    (f"totalLicensed{kind}sCount", f"total_licensed_{kind.lower()}s_count")
    for kind in _LICENSE_COUNTERS
]
PLURAL_ACRONYM_CASES += [
    (f"totalLicensedUsed{kind}sCount", f"total_licensed_used_{kind.lower()}s_count")
    for kind in _LICENSE_COUNTERS
]

S_LOOKAHEAD_CASES = [
    ("attachProbeToIPsecNPM", "attach_probe_to_ipsec_npm"),
    ("averageCPUUsage", "average_cpuusage"),
    ("currentCPUUsage", "current_cpuusage"),
    ("peakCPUUsage", "peak_cpuusage"),
    ("IPsecAuthenticationAlgorithm", "ipsec_authentication_algorithm"),
    ("IPsecDontFragment", "ipsec_dont_fragment"),
    ("IPsecEnablePFS", "ipsec_enable_pfs"),
    ("IPsecEncryptionAlgorithm", "ipsec_encryption_algorithm"),
    ("IPsecPreFragment", "ipsec_pre_fragment"),
    ("IPsecSALifetime", "ipsec_sa_lifetime"),
    ("IPsecSAReplayWindowSize", "ipsec_sa_replay_window_size"),
    ("IPsecSAReplayWindowSizeValue", "ipsec_sa_replay_window_size_value"),
    ("LDAPUserDN", "ldapuser_dn"),
    ("multiVMSsupport", "multi_vmssupport"),
]

SINGLE_LETTER_CASES = [
    ("associatedEgressQoSPolicyID", "associated_egress_qo_s_policy_id"),
    (
        "associatedIngressOverlayQoSPolicerID",
        "associated_ingress_overlay_qo_s_policer_id",
    ),
    ("associatedIngressQoSPolicyID", "associated_ingress_qo_s_policy_id"),
    (
        "associatedIngressUnderlayQoSPolicerID",
        "associated_ingress_underlay_qo_s_policer_id",
    ),
    ("associatedSAPEgressQoSProfileID", "associated_sap_egress_qo_s_profile_id"),
    ("associatedSAPEgressQoSProfileName", "associated_sap_egress_qo_s_profile_name"),
    ("associatedSAPIngressQoSProfileID", "associated_sap_ingress_qo_s_profile_id"),
    (
        "associatedSAPIngressQoSProfileName",
        "associated_sap_ingress_qo_s_profile_name",
    ),
    ("associatedSecondaryFIPID", "associated_secondary_f_ip_id"),
    ("importedSaaSApplicationsVersion", "imported_saa_s_applications_version"),
    ("isSaaSType", "is_saa_s_type"),
    ("SaaSApplicationsPublishDate", "saa_s_applications_publish_date"),
    ("saaSOptimisation", "saa_s_optimisation"),
    ("vPortOperationalState", "v_port_operational_state"),
    ("vRequireNuageMetadata", "v_require_nuage_metadata"),
]

ID_SUFFIX_CASES = [
    ("externalID", "external_id"),
    ("enterpriseID", "enterprise_id"),
    ("parentID", "parent_id"),
    ("APIKeyExpiry", "api_key_expiry"),
    ("PATEnabled", "pat_enabled"),
    ("DHCPServerAddress", "dhcp_server_address"),
    ("VLANID", "vlanid"),
    ("UUID", "uuid"),
    ("VMUUID", "vmuuid"),
    ("EVPNRT5Type", "evpnrt5_type"),
    ("VXLANECMPEnabled", "vxlanecmp_enabled"),
    ("AARFlowStatsInterval", "aar_flow_stats_interval"),
    ("associatedfirewallACLID", "associatedfirewall_aclid"),
    ("associatedIKEPSKID", "associated_ikepskid"),
    ("associatedKeyServerMonitorSEKID", "associated_key_server_monitor_sekid"),
    ("associatedVLANID", "associated_vlanid"),
    ("VRSID", "vrsid"),
    ("VRSAgentMOID", "vrs_agent_moid"),
    ("useGatewayVLANVNID", "use_gateway_vlanvnid"),
]

ALL_ATTRIBUTE_CASES = (
    REPLACEMENT_TABLE_CASES
    + PLURAL_ACRONYM_CASES
    + S_LOOKAHEAD_CASES
    + SINGLE_LETTER_CASES
    + ID_SUFFIX_CASES
)


def test_naming_case_table_sizes() -> None:
    assert len(REPLACEMENT_TABLE_CASES) == 39
    assert len(PLURAL_ACRONYM_CASES) == 51
    assert len(S_LOOKAHEAD_CASES) == 14
    assert len(SINGLE_LETTER_CASES) == 15


@pytest.mark.parametrize(("remote_name", "expected"), ALL_ATTRIBUTE_CASES)
def test_idiomatic_name_matches_vspk(remote_name: str, expected: str) -> None:
    assert naming.idiomatic_name(remote_name) == expected


@pytest.mark.parametrize(
    "rest_name", ["metadata", "globalmetadata", "aggregatemetadata"]
)
def test_global_attribute_maps_to_global_metadata(rest_name: str) -> None:
    assert naming.vspk_attribute_name(rest_name, "global") == "global_metadata"


def test_global_attribute_elsewhere_unmapped() -> None:
    assert naming.vspk_attribute_name("enterprise", "global") == "global"


@pytest.mark.parametrize(
    ("vspk_name", "readable"),
    [
        ("is_saa_s_type", "is_saas_type"),
        ("imported_saa_s_applications_version", "imported_saas_applications_version"),
        ("saa_s_applications_publish_date", "saas_applications_publish_date"),
        ("saa_s_optimisation", "saas_optimisation"),
        ("saa_s_application_types", "saas_application_types"),
        ("saa_s_application_groups", "saas_application_groups"),
        ("associated_egress_qo_s_policy_id", "associated_egress_qo_s_policy_id"),
        ("external_id", "external_id"),
    ],
)
def test_readable_name_spells_saas(vspk_name: str, readable: str) -> None:
    assert naming.readable_name(vspk_name) == readable


@pytest.mark.parametrize(
    ("singular", "expected"),
    [
        ("Policy", "Policies"),
        ("Gateway", "Gateways"),
        ("Key", "Keys"),
        ("Statistics", "Statistics"),
        ("QOS", "QOSs"),
        ("VRS", "VRSs"),
        ("Patch", "Patchs"),
        ("VM", "VMs"),
    ],
)
def test_plural_follows_monolithe_rule(singular: str, expected: str) -> None:
    assert naming.plural(singular) == expected


@pytest.mark.parametrize(
    ("entity_name", "fetcher_name"),
    [
        ("GlobalMetadata", "global_metadatas"),
        ("Metadata", "metadatas"),
        ("EgressQOSPolicy", "egress_qos_policies"),
        ("QOS", "qoss"),
        ("VRS", "vrss"),
        ("TCA", "tcas"),
        ("HSC", "hscs"),
        ("VLAN", "vlans"),
        ("VM", "vms"),
        ("VPort", "vports"),
        ("VCenter", "vcenters"),
        ("VCenterEAMConfig", "vcenter_eam_configs"),
        ("IKEPSK", "ikepsks"),
        ("UplinkRD", "uplink_rds"),
        ("DHCPv6Option", "dhcpv6_options"),
        ("IPv6FilterProfile", "ipv6_filter_profiles"),
        ("PATNATPool", "patnat_pools"),
        ("NSGatewaysCount", "ns_gateways_counts"),
        ("CTranslationMap", "c_translation_maps"),
        ("PTranslationMap", "p_translation_maps"),
        ("SAPEgressQoSProfile", "sap_egress_qo_s_profiles"),
        ("SaaSApplicationType", "saa_s_application_types"),
        ("SaaSApplicationGroup", "saa_s_application_groups"),
        ("BulkStatistics", "bulk_statistics"),
        ("DownloadProgress", "download_progress"),
        ("ForwardingClass", "forwarding_class"),
        ("LicenseStatus", "license_status"),
        ("Ltestatistics", "ltestatistics"),
        ("NextHopAddress", "next_hop_address"),
        ("Statistics", "statistics"),
        ("VRSMetrics", "vrs_metrics"),
        ("Patch", "patchs"),
    ],
)
def test_vspk_fetcher_name_matches_vspk(entity_name: str, fetcher_name: str) -> None:
    assert naming.vspk_fetcher_name(entity_name) == fetcher_name


@pytest.mark.parametrize(
    ("entity_name", "class_name", "module_name"),
    [
        ("Job", "NUJob", "nujob"),
        ("vrsInfo", "NUvrsInfo", "nuvrsinfo"),
        ("PublicNetworkMacro", "NUPublicNetworkMacro", "nupublicnetworkmacro"),
        ("Ltestatistics", "NULtestatistics", "nultestatistics"),
    ],
)
def test_class_and_module_names(
    entity_name: str, class_name: str, module_name: str
) -> None:
    assert naming.class_name(entity_name) == class_name
    assert naming.module_name(entity_name) == module_name


@pytest.mark.parametrize(
    ("local_name", "choice", "expected"),
    [
        ("tunnel_type", "MPLSoUDP", "CONST_TUNNEL_TYPE_MPLSOUDP"),
        ("entity_scope", "GLOBAL", "CONST_ENTITY_SCOPE_GLOBAL"),
        ("command", "BEGIN_POLICY_CHANGES", "CONST_COMMAND_BEGIN_POLICY_CHANGES"),
        ("mode", "Static", "CONST_MODE_STATIC"),
        ("action", "DROP ", "CONST_ACTION_DROP"),
        ("action", "FORWARD ", "CONST_ACTION_FORWARD"),
        ("format", "a-b.c", "CONST_FORMAT_A_B_C"),
    ],
)
def test_constant_name_for_choice(local_name: str, choice: str, expected: str) -> None:
    assert naming.constant_name(local_name, choice) == expected


def test_constant_name_empty_for_symbols() -> None:
    assert naming.constant_name("action", " - ") == ""
